namespace Orchestrator.Webhooks;

/// <summary>Configuration section <c>Orchestrator:Webhooks</c>: one shared secret per ticketing system.</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Orchestrator:Webhooks";

    public WebhookSourceOptions Zendesk { get; set; } = new();

    public WebhookSourceOptions Jira { get; set; } = new();

    public WebhookSourceOptions ServiceNow { get; set; } = new();

    public WebhookSourceOptions Generic { get; set; } = new();

    /// <summary>How far a delivery's timestamp may be from now, either way, before it is refused as a replay.</summary>
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body accepted, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    public WebhookSourceOptions For(string source) => source switch
    {
        ZendeskWebhook.Name => Zendesk,
        JiraWebhook.Name => Jira,
        ServiceNowWebhook.Name => ServiceNow,
        _ => Generic,
    };
}

internal sealed class WebhookSourceOptions
{
    /// <summary>The signing secret; a source without one refuses every delivery.</summary>
    public string? Secret { get; set; }
}
