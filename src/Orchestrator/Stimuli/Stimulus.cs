using System.Text.Json.Nodes;

namespace Orchestrator.Stimuli;

internal enum StimulusKind
{
    /// <summary>A named event for <c>Elsa.Event</c> triggers and bookmarks; <see cref="Stimulus.Name"/> is the event name.</summary>
    Event,

    /// <summary>The completion of an <c>Elsa.RunTask</c>; <see cref="Stimulus.Name"/> is the task id.</summary>
    TaskCompletion,

    /// <summary>An action on a human task (<c>Orchestrator.AssignTask</c>): complete, cancel or reassign; <see cref="Stimulus.Name"/> is the task id.</summary>
    HumanTask,
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
    public DateTimeOffset? DeliveredAt { get; init; }
}
