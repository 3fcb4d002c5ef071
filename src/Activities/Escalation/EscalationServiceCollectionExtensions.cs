using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Activities.Directory;

namespace Orchestrator.Activities.Escalation;

public static class EscalationServiceCollectionExtensions
{
    /// <summary>Rotations, escalation policies, the round-robin memory, signed acknowledge links and the <c>rotation:</c> resolver.</summary>
    public static IServiceCollection AddEscalation(this IServiceCollection services)
    {
        services.AddDomainServices();
        services.AddOptions<AcknowledgeLinkOptions>()
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _), $"{AcknowledgeLinkOptions.Section}:BaseUrl must be an absolute URL")
            .Validate(o => o.Lifetime > TimeSpan.Zero, $"{AcknowledgeLinkOptions.Section}:Lifetime must be longer than zero")
            .ValidateOnStart();
        services.TryAddSingleton<RotationStore>();
        services.TryAddSingleton<EscalationPolicyStore>();
        services.TryAddSingleton<RoundRobinCursor>();
        services.TryAddSingleton<AcknowledgeLinks>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITargetResolver, RotationTargetResolver>());
        return services;
    }
}
