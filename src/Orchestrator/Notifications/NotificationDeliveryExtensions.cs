using Orchestrator.Activities.Notifications;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Notifications;

internal static class NotificationDeliveryExtensions
{
    /// <summary>Notifications end to end: the notifier and senders, the outbox dispatcher (<c>Orchestrator:Outbox</c>) and its background loop.</summary>
    public static IServiceCollection AddNotificationDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddNotifications(configuration);
        services.AddOptions<OutboxOptions>()
            .BindConfiguration(OutboxOptions.Section)
            .Validate(o => o.MaxAttempts >= 1, $"{OutboxOptions.Section}:MaxAttempts must be at least 1")
            .Validate(o => o.RetryDelay >= TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay, $"{OutboxOptions.Section}:RetryDelay must not be negative nor above MaxRetryDelay")
            .Validate(o => o.ClaimTimeout > TimeSpan.Zero, $"{OutboxOptions.Section}:ClaimTimeout must be longer than zero")
            .Validate(o => o.BatchSize >= 1, $"{OutboxOptions.Section}:BatchSize must be at least 1")
            .Validate(o => o.PollInterval > TimeSpan.Zero, $"{OutboxOptions.Section}:PollInterval must be longer than zero")
            .ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IBurstObserver>(sp => sp.GetRequiredService<OutboxSignal>());
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService<OutboxDispatchService>();
        return services;
    }

    public static IEndpointRouteBuilder MapNotificationWebhooks(this IEndpointRouteBuilder app)
    {
        TwilioStatusWebhook.Map(app);
        return app;
    }
}
