using System.Text.Json.Nodes;

namespace Orchestrator.Stimuli;

internal enum StimulusKind
{
    /// <summary>A named event for <c>Elsa.Event</c> triggers and bookmarks; <see cref="Stimulus.Name"/> is the event name.</summary>
    Event,

    /// <summary>The completion of an <c>Elsa.RunTask</c>; <see cref="Stimulus.Name"/> is the task id.</summary>
    TaskCompletion,

    /// <summary>
    /// A domain activity's own stimulus (an acknowledgement, a handoff acceptance, an action on a human task) for its triggers and
    /// bookmarks: <see cref="Stimulus.Name"/> is the stimulus name, <see cref="Stimulus.Key"/> the bookmark key.
    /// </summary>
    Bookmark,

    /// <summary>
    /// A normalised ticket event from a webhook: it starts workflows triggered by its type and resumes the bookmarks waiting
    /// on its ticket. <see cref="Stimulus.Name"/> is the event type, <see cref="Stimulus.Key"/> the ticket id.
    /// </summary>
    TicketEvent,
}

/// <summary>
/// Something from outside that workflows wait for, as received. It is kept in the inbox before it is delivered;
/// <see cref="DeliveredAt"/> stays null until it has started or resumed at least one run.
/// </summary>
internal sealed record Stimulus(
    string Id,
    StimulusKind Kind,
    string Name,
    string? CorrelationId,
    JsonNode? Payload,
    string DedupeKey,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The bookmark key of a <see cref="StimulusKind.Bookmark"/>.</summary>
    public string? Key { get; init; }

    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Delivery attempts made so far; 0 for a stimulus no process has tried yet.</summary>
    public int Attempts { get; init; }
}
