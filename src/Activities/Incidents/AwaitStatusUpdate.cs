using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Storage;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Activities.Incidents;

/// <summary>
/// Keeps an incident's status updates on their cadence while it is open. Each update fires <c>Updated</c> and sets the
/// next due time; an update that is not in by its due time reminds the commander (template <c>status-update</c>) and
/// fires <c>Late</c>; still missing after <c>escalateAfter</c>, it fires <c>Escalated</c>. The activity keeps running
/// through all of these and completes with <c>Resolved</c> or <c>Closed</c>.
/// </summary>
[Activity(
    "Orchestrator.AwaitStatusUpdate",
    Category = "Incidents",
    DisplayName = "Await status updates",
    Description = "Waits for an incident's status updates on a cadence (P1 every 2 h): reminds the commander when one is late, then escalates; ends when the incident is resolved or closed.",
    Outcomes = [Updated, Late, Escalated, Resolved, Closed])]
public sealed class AwaitStatusUpdate : Activity
{
    public const string Updated = "Updated";
    public const string Late = "Late";
    public const string Escalated = "Escalated";
    public const string Resolved = "Resolved";
    public const string Closed = "Closed";
    public const string DefaultTemplate = "status-update";

    /// <summary>How long a late update may stay missing after the reminder before it is escalated, unless configured.</summary>
    public static readonly TimeSpan DefaultEscalateAfter = TimeSpan.FromMinutes(30);

    [Input(Description = "The incident id; empty: the run's correlation id (runs started by /api/incidents carry it).")]
    public Input<string> IncidentId { get; set; } = Input<string>.Empty;

    [Input(Description = "How often a status update is due (hh:mm:ss or ISO 8601). Empty: the incident's own cadence, else by severity: SEV1/P1 every 2 h, SEV2/P2 daily, lower none.")]
    public Input<TimeSpan?> Cadence { get; set; } = Input<TimeSpan?>.Empty;

    [Input(Description = "How long after the reminder a still-missing update is escalated (default 30 min).", DefaultValue = "00:30:00")]
    public Input<TimeSpan?> EscalateAfter { get; set; } = Input<TimeSpan?>.Empty;

    [Input(Description = "Who is reminded of a late update; empty: the incident's commander (person:<commanderId>).")]
    public Input<string> Commander { get; set; } = Input<string>.Empty;

    [Input(Description = "The severity (SEV1-SEV3 or P1-P4) when the incident is not stored; otherwise the stored one is used.")]
    public Input<string> Severity { get; set; } = Input<string>.Empty;

    [Input(Description = "The template of the reminder.", DefaultValue = DefaultTemplate)]
    public Input<string> Template { get; set; } = Input<string>.Empty;

    [Output(Description = "The incident as a template model after the latest event: id, title, severity, status, update, statusPage, by, at, nextUpdate, missed.")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var incidentId = Blank(await context.EvaluateAsync(IncidentId)) ?? Blank(context.CorrelationId)
            ?? throw new InvalidOperationException("input 'incidentId': no incident id, and the run has no correlation id");
        var stored = await context.GetRequiredService<IDocumentStore>().GetIncidentAsync(incidentId, context.CancellationToken);
        var incident = stored?.Incident;

        var severityText = incident?.Severity ?? Blank(await context.EvaluateAsync(Severity));
        string? severity = null;
        if (severityText is not null)
        {
            severity = IncidentSeverity.TryParse(severityText, out var parsed, out _)
                ? parsed
                : throw new InvalidOperationException($"input 'severity': '{severityText}' is not one of {string.Join(", ", IncidentSeverity.Accepted)}");
        }

        var cadence = await context.EvaluateAsync(Cadence) ?? incident?.StatusUpdateCadence ?? IncidentSeverity.DefaultCadence(severity);
        if (cadence is { } c && c <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"input 'cadence': {c} must be longer than zero");
        }

        var escalateAfter = await context.EvaluateAsync(EscalateAfter) ?? DefaultEscalateAfter;
        if (escalateAfter < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"input 'escalateAfter': {escalateAfter} must not be negative");
        }

        var commander = Blank(await context.EvaluateAsync(Commander)) ?? (incident is null ? null : $"person:{incident.CommanderId}")
            ?? throw new InvalidOperationException($"input 'commander': incident '{incidentId}' is not stored and no commander target is given");
        if (!NotificationTarget.TryParse(commander, out _, out var targetError))
        {
            throw new InvalidOperationException($"input 'commander': {targetError}");
        }

        var now = context.TimeProvider.GetUtcNow();
        var state = new StatusUpdateState
        {
            IncidentId = incidentId,
            Title = incident?.Title ?? incidentId,
            Severity = severity,
            Commander = commander,
            Cadence = cadence,
            EscalateAfter = escalateAfter,
            Template = Blank(await context.EvaluateAsync(Template)) ?? DefaultTemplate,
            NextDueAt = now + cadence,
        };
        context.State = state;
        context.JournalNote(cadence is { } every
            ? $"incident {incidentId}: a status update is due every {Describe(every)}; the first by {state.NextDueAt:O}"
            : $"incident {incidentId}: no status-update cadence for {severity ?? "this severity"}; waiting for the resolution");
        SetIncident(context, state, Status(state), null);
        Arm(context, state);
    }

    protected override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var state = context.State as StatusUpdateState ?? throw new InvalidOperationException("the status-update wait lost its state");
        var bookmark = context.ResumedBookmark!;
        var now = context.TimeProvider.GetUtcNow();
        switch (bookmark.Name)
        {
            case IncidentStimuli.Timer when state.Reminded:
                state.Reminded = false;
                context.JournalNote($"incident {state.IncidentId}: the status update due {state.NextDueAt:O} is still missing {Describe(state.EscalateAfter)} after the reminder; escalating");
                SetIncident(context, state, "status update overdue", null);
                AdvanceDue(state, now);
                Arm(context, state);
                await context.FireOutcomeAsync(Escalated);
                break;
            case IncidentStimuli.Timer:
                await RemindAsync(context, state, now);
                break;
            case IncidentStimuli.Update:
                var update = Read(context.ResumeInput, "update", now);
                state.Updates++;
                state.Reminded = false;
                state.NextDueAt = now + state.Cadence;
                context.JournalNote($"incident {state.IncidentId}: status update {state.Updates} by {update.By ?? "unknown"}{(update.StatusPage ? " (status page)" : string.Empty)}{(state.NextDueAt is { } next ? $"; next due {next:O}" : string.Empty)}");
                SetIncident(context, state, Status(state), update);
                Arm(context, state);
                await context.FireOutcomeAsync(Updated);
                break;
            case IncidentStimuli.Resolve:
                var resolution = Read(context.ResumeInput, "resolve", now);
                context.JournalNote($"incident {state.IncidentId} resolved by {resolution.By ?? "unknown"}");
                SetIncident(context, state, IncidentStatuses.Resolved, resolution);
                await context.CompleteAsync(Resolved);
                break;
            case IncidentStimuli.Close:
                var closure = Read(context.ResumeInput, "close", now);
                context.JournalNote($"incident {state.IncidentId} closed by {closure.By ?? "unknown"}");
                SetIncident(context, state, IncidentStatuses.Closed, closure);
                await context.CompleteAsync(Closed);
                break;
        }
    }

    protected override void WriteState(Utf8JsonWriter writer, object state) => JsonSerializer.Serialize(writer, (StatusUpdateState)state, IncidentDocuments.Json);

    protected override object? ReadState(JsonElement element) => element.Deserialize<StatusUpdateState>(IncidentDocuments.Json);

    private static async ValueTask RemindAsync(ActivityExecutionContext context, StatusUpdateState state, DateTimeOffset now)
    {
        state.Missed++;
        state.Reminded = true;
        var model = new JsonObject
        {
            ["incident"] = Model(state, "status update overdue", null),
            ["reminder"] = true,
        };
        model["incident"]!["update"] = $"A status update on incident {state.IncidentId} was due at {state.NextDueAt:HH:mm} UTC and has not been posted. Post one now.";
        model["incident"]!["nextUpdate"] = "overdue";
        var target = NotificationTarget.Parse(state.Commander);

        // Sent as parsed JSON: the template renderer reads numbers from parsed JSON, not from values built in code.
        model = (JsonObject)JsonNode.Parse(model.ToJsonString())!;
        var queued = await context.GetRequiredService<INotifier>().NotifyAsync(
            context,
            new NotifyRequest([target], state.Template, model, Urgent: true, IncidentId: state.IncidentId, Key: string.Create(CultureInfo.InvariantCulture, $"status-update-late/{state.Missed}")));
        context.JournalNote(queued.Count == 0
            ? $"incident {state.IncidentId}: the status update due {state.NextDueAt:O} is late; {state.Commander} could not be reminded (no channel)"
            : $"incident {state.IncidentId}: the status update due {state.NextDueAt:O} is late; reminded {state.Commander} by {string.Join(", ", queued.Select(m => $"{m.Channel} {m.Address}"))}");
        SetIncident(context, state, "status update overdue", null);
        if (state.EscalateAfter <= TimeSpan.Zero)
        {
            // No grace: the reminder and the escalation are one moment.
            state.Reminded = false;
            AdvanceDue(state, now);
            Arm(context, state);
            await context.FireOutcomeAsync(Late);
            await context.FireOutcomeAsync(Escalated);
            return;
        }

        Arm(context, state, now + state.EscalateAfter);
        await context.FireOutcomeAsync(Late);
    }

    /// <summary>After an escalation the next reminder is one cadence after the missed due time (never in the past).</summary>
    private static void AdvanceDue(StatusUpdateState state, DateTimeOffset now)
    {
        if (state.Cadence is not { } cadence || state.NextDueAt is not { } due)
        {
            return;
        }

        while (due <= now)
        {
            due += cadence;
        }

        state.NextDueAt = due;
    }

    private static void Arm(ActivityExecutionContext context, StatusUpdateState state, DateTimeOffset? timerAt = null)
    {
        context.ClearBookmarks();
        var payload = new JsonObject { ["incidentId"] = state.IncidentId };
        foreach (var name in IncidentStimuli.Names)
        {
            context.CreateBookmark(name, state.IncidentId, (JsonObject)payload.DeepClone());
        }

        if ((timerAt ?? state.NextDueAt) is { } due)
        {
            context.CreateBookmark(IncidentStimuli.Timer, null, new JsonObject { ["incidentId"] = state.IncidentId, ["escalation"] = timerAt is not null }, due);
        }
    }

    private static IncidentUpdate Read(object? input, string type, DateTimeOffset now)
    {
        var node = ValueModel.ToJsonNode(input);
        if (node is JsonValue v && v.TryGetValue<string>(out var bare))
        {
            return new IncidentUpdate { Type = type, Text = bare, At = now };
        }

        var o = node as JsonObject;
        return new IncidentUpdate
        {
            Type = type,
            Text = Text(o, "text") ?? string.Empty,
            StatusPage = o?["statusPage"] is JsonValue s && s.TryGetValue<bool>(out var flag) && flag,
            By = Text(o, "by"),
            At = now,
        };
    }

    private static string? Text(JsonObject? o, string name) => o?[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private static string Status(StatusUpdateState state) => state.Updates == 0 ? "investigating" : "mitigating";

    private static void SetIncident(ActivityExecutionContext context, StatusUpdateState state, string status, IncidentUpdate? update)
    {
        var model = Model(state, status, update);
        var activity = (AwaitStatusUpdate)context.Activity;
        context.SetOutput(activity.Result, model, nameof(Result));
    }

    private static JsonObject Model(StatusUpdateState state, string status, IncidentUpdate? update) => new()
    {
        ["id"] = state.IncidentId,
        ["title"] = state.Title,
        ["severity"] = state.Severity,
        ["status"] = status,
        ["update"] = update?.Text,
        ["statusPage"] = update?.StatusPage ?? false,
        ["by"] = update?.By,
        ["at"] = update?.At.ToString("O", CultureInfo.InvariantCulture),
        ["nextUpdate"] = state.NextDueAt is { } next ? next.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : null,
        ["updates"] = state.Updates,
        ["missed"] = state.Missed,
    };

    private static string Describe(TimeSpan span) =>
        span.TotalMinutes < 60 ? $"{span.TotalMinutes:0} min"
        : span.TotalHours < 48 ? $"{span.TotalHours:0.##} h"
        : $"{span.TotalDays:0.##} days";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A status-update wait's progress, persisted with the run.</summary>
internal sealed class StatusUpdateState
{
    public required string IncidentId { get; init; }

    public required string Title { get; init; }

    public string? Severity { get; init; }

    public required string Commander { get; init; }

    public TimeSpan? Cadence { get; init; }

    public TimeSpan EscalateAfter { get; init; }

    public required string Template { get; init; }

    /// <summary>When the next status update is due; null without a cadence.</summary>
    public DateTimeOffset? NextDueAt { get; set; }

    /// <summary>The commander was reminded of the update due at <see cref="NextDueAt"/>; the timer now counts to the escalation.</summary>
    public bool Reminded { get; set; }

    public int Updates { get; set; }

    public int Missed { get; set; }
}
