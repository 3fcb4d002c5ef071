using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.Stimuli;

/// <summary>Configuration section <c>Orchestrator:Stimuli</c>.</summary>
internal sealed class StimuliOptions
{
    public const string Section = "Orchestrator:Stimuli";

    /// <summary>
    /// How long a stimulus that reached no run is kept trying for the bookmark it may be racing. A stimulus no process has
    /// tried yet is not bound by it: it is delivered at the next start, however long the server was down.
    /// </summary>
    public TimeSpan RedeliveryWindow { get; set; } = TimeSpan.FromSeconds(60);
}

internal static class StimuliServiceCollectionExtensions
{
    public static IServiceCollection AddStimuli(this IServiceCollection services)
    {
        services.AddOptions<StimuliOptions>()
            .BindConfiguration(StimuliOptions.Section)
            .Validate(o => o.RedeliveryWindow >= TimeSpan.Zero, $"{StimuliOptions.Section}:RedeliveryWindow must not be negative")
            .ValidateOnStart();
        services.TryAddSingleton<IStimulusInbox, InMemoryStimulusInbox>();
        services.TryAddSingleton<StimulusProcessor>();
        services.AddHostedService<StimulusRedelivery>();
        return services;
    }
}
