namespace Orchestrator.Activities.Notifications;

/// <summary>The channels messages go out on; also the outbox channel names.</summary>
public static class NotificationChannels
{
    public const string Email = "email";

    public const string Sms = "sms";

    public static IReadOnlyList<string> All { get; } = [Email, Sms];
}
