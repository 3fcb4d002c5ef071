using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Escalation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Handoffs;

/// <summary>The stimuli a handoff waits for; acceptance is keyed by the ticket id.</summary>
public static class HandoffStimuli
{
    /// <summary>The receiver took the ticket: input <c>{"by": personId}</c>.</summary>
    public const string Accept = "Orchestrator.AcceptHandoff";

    /// <summary>The acceptance timeout (a due-time bookmark).</summary>
    public const string Timer = "Orchestrator.HandoffTimer";
}

/// <summary>Waiting for a handoff to be accepted, shared by the tier and follow-the-sun handoffs.</summary>
internal static class HandoffAcceptance
{
    public const string Accepted = "Accepted";
    public const string NotAccepted = "NotAccepted";

    /// <summary>Waits for acceptance of <paramref name="ticketId"/> until the timeout; <paramref name="summary"/> becomes the result.</summary>
    public static void Wait(ActivityExecutionContext context, string ticketId, TimeSpan timeout, JsonObject summary)
    {
        var now = context.TimeProvider.GetUtcNow();
        summary["ticketId"] = ticketId;
        summary["handedOffAt"] = now.ToString("O", CultureInfo.InvariantCulture);
        context.State = summary;
        context.CreateBookmark(HandoffStimuli.Accept, ticketId, new JsonObject { ["ticketId"] = ticketId });
        context.CreateBookmark(HandoffStimuli.Timer, null, new JsonObject { ["ticketId"] = ticketId }, now + timeout);
    }

    /// <summary>Completes with Accepted (who, when) or NotAccepted (the timeout fired), setting the result.</summary>
    public static ValueTask ResumeAsync(ActivityExecutionContext context, Action<JsonObject> setResult)
    {
        var result = context.State as JsonObject ?? [];
        var ticketId = result["ticketId"]?.GetValue<string>();
        if (context.ResumedBookmark?.Name == HandoffStimuli.Accept)
        {
            var by = EscalationStimuli.ReadBy(context.ResumeInput);
            result["acceptedBy"] = by;
            result["acceptedAt"] = context.TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            context.JournalNote($"handoff of ticket {ticketId} accepted by {by ?? "unknown"}");
            setResult(result);
            return context.CompleteAsync(Accepted);
        }

        result["notAcceptedAt"] = context.TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        context.JournalNote($"handoff of ticket {ticketId} was not accepted in time");
        setResult(result);
        return context.CompleteAsync(NotAccepted);
    }

    public static void WriteState(Utf8JsonWriter writer, object state) => ((JsonObject)state).WriteTo(writer);

    public static object? ReadState(JsonElement element) => JsonNode.Parse(element.GetRawText()) as JsonObject;

    public static async ValueTask<string> RequiredAsync(ActivityExecutionContext context, Orchestrator.Engine.Activities.Input<string> input, string field)
    {
        var value = await context.EvaluateAsync(input);
        return string.IsNullOrWhiteSpace(value) ? throw new InvalidOperationException($"input '{field}' is required") : value.Trim();
    }

    public static async ValueTask<TimeSpan> TimeoutAsync(ActivityExecutionContext context, Orchestrator.Engine.Activities.Input<TimeSpan> input, TimeSpan fallback)
    {
        var timeout = input.HasValue ? await context.EvaluateAsync(input) : fallback;
        return timeout <= TimeSpan.Zero ? throw new InvalidOperationException("input 'acceptanceTimeout' must be longer than zero") : timeout;
    }
}
