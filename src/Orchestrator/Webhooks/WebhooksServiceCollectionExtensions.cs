using Orchestrator.Incidents;

namespace Orchestrator.Webhooks;

internal static class WebhooksServiceCollectionExtensions
{
    /// <summary>The ticket webhooks: one source per ticketing system, their secrets and the delivery lanes behind them.</summary>
    public static IServiceCollection AddTicketWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>()
            .BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.ReplayWindow > TimeSpan.Zero, $"{WebhookOptions.Section}:ReplayWindow must be longer than zero")
            .Validate(o => o.MaxBodyBytes > 0, $"{WebhookOptions.Section}:MaxBodyBytes must be positive")
            .ValidateOnStart();
        services.AddSingleton<TicketWebhookSource, ZendeskWebhook>();
        services.AddSingleton<TicketWebhookSource, JiraWebhook>();
        services.AddSingleton<TicketWebhookSource, ServiceNowWebhook>();
        services.AddSingleton<TicketWebhookSource, GenericWebhook>();
        services.AddTicketIncidents();
        services.AddSingleton<TicketEventDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<TicketEventDelivery>());
        return services;
    }
}
