using System.Text.Json.Nodes;
using Orchestrator.Activities.Directory;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Notifications;

/// <summary>
/// Queues notifications from inside a burst. Messages go into the burst's outbox, so they are sent only after the burst
/// commits, at least once, each with a stable idempotency key. Activities that page people (escalations, handoffs, task
/// reminders) call this rather than sending themselves.
/// </summary>
public interface INotifier
{
    /// <summary>
    /// Resolves the targets, picks each person's channels, renders the template per channel in the person's locale and
    /// queues one message per person and channel. Returns what was queued, so the caller can wait for delivery results.
    /// </summary>
    ValueTask<IReadOnlyList<QueuedMessage>> NotifyAsync(ActivityExecutionContext context, NotifyRequest request);
}

/// <summary>One notification to send.</summary>
/// <param name="Targets">Who to notify.</param>
/// <param name="Template">A template name (<c>initial-response</c>, <c>internal-escalation</c>, ...).</param>
/// <param name="Model">The values the template renders.</param>
/// <param name="Urgent">A page: uses each person's urgent channels (SMS as well as email).</param>
/// <param name="Channels">Restricts the channels; null leaves the choice to each person's preferences.</param>
/// <param name="AccountId">The account in context, for role targets.</param>
/// <param name="IncidentId">The incident in context, for stakeholders.</param>
/// <param name="Key">Distinguishes repeated notifications from one activity execution (a level, a repeat); part of the idempotency key.</param>
public sealed record NotifyRequest(
    IReadOnlyList<NotificationTarget> Targets,
    string Template,
    JsonObject Model,
    bool Urgent = false,
    IReadOnlyList<string>? Channels = null,
    string? AccountId = null,
    string? IncidentId = null,
    string? Key = null);

/// <summary>A message placed in the outbox: its id is also the key of its delivery bookmark.</summary>
public sealed record QueuedMessage(string MessageId, string Channel, string PersonId, string Address);

/// <summary>
/// The stimulus that reports a message's fate: the outbox dispatcher delivers it when a message is sent or given up on,
/// the Twilio status callback when a text is undelivered. Key: the message id.
/// </summary>
public static class DeliveryStimulus
{
    public const string Name = "Orchestrator.Delivery";

    public const string Delivered = "delivered";

    public const string NotDelivered = "not-delivered";

    /// <summary>The stimulus input: <c>{"messageId", "status", "error"}</c>.</summary>
    public static JsonObject Input(string messageId, string status, string? error = null) => new()
    {
        ["messageId"] = messageId,
        ["status"] = status,
        ["error"] = error,
    };
}
