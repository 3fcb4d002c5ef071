namespace Orchestrator.Notifications;

/// <summary>Where an outbox message is: waiting, being sent, handed over, or given up on (dead letter).</summary>
internal static class OutboxStatus
{
    public const string Pending = "Pending";
    public const string Sending = "Sending";
    public const string Sent = "Sent";
    public const string Failed = "Failed";
}
