using System.Text.Json.Nodes;
using Orchestrator.Engine.Values;

namespace Orchestrator.Activities.Escalation;

/// <summary>The stimuli an escalation waits for, keyed by the escalation key (a ticket id, or the run and activity).</summary>
public static class EscalationStimuli
{
    /// <summary>Someone acknowledged: input <c>{"by": personId}</c>.</summary>
    public const string Acknowledge = "Orchestrator.Acknowledge";

    /// <summary>The acknowledged problem was dealt with, before the acknowledgement timed out: input <c>{"by": personId}</c>.</summary>
    public const string Resolve = "Orchestrator.ResolveEscalation";

    /// <summary>A level's delay or an acknowledgement timeout (a due-time bookmark).</summary>
    public const string Timer = "Orchestrator.EscalationTimer";

    public static JsonObject Input(string? by) => new() { ["by"] = by };

    /// <summary>The <c>by</c> of a stimulus input (an object with <c>by</c>, or a bare string).</summary>
    internal static string? ReadBy(object? input) => ValueModel.ToJsonNode(input) switch
    {
        JsonObject o => o["by"] is JsonValue v && v.TryGetValue<string>(out var by) ? by : null,
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        _ => null,
    };
}
