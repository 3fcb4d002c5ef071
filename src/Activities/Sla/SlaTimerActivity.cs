using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Sla;

/// <summary>
/// An SLA timer on a business calendar for one ticket. It arms the next warning or breach as a due-time bookmark and
/// listens for the ticket's events: pending and hold pause, solved stops the cycle (Met, or nothing more if it was
/// already breached), reopened starts a new cycle, closed stops and completes. Warning and Breached fire while the
/// timer keeps running; each threshold fires once per cycle. On completion the ports are Done, plus Met when the
/// cycle that ends then was met. Its timeline explains every step with business and wall-clock time elapsed.
/// </summary>
public abstract class SlaTimerActivity : Activity
{
    public const string TimerStimulusName = "Orchestrator.SlaTimer";

    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web);

    [Input(Description = "The ticket the SLA is for; ticket events are matched by it.", Required = true)]
    public Input<string> TicketId { get; set; } = Input<string>.Empty;

    [Input(Description = "The ticket's priority when the SLA starts: P1..P4 (urgent/high/normal/low also work).", Required = true, Options = ["P1", "P2", "P3", "P4"])]
    public Input<string> Priority { get; set; } = Input<string>.Empty;

    [Input(Description = "What is measured. tier-response: the tier given in Tier has its response target (per tier and priority) to reply publicly to the ticket.", Options = ["first-response", "next-response", "resolution", "tier-response"], DefaultValue = "resolution")]
    public Input<string> Metric { get; set; } = Input<string>.Empty;

    [Input(Description = "Target minutes per priority, e.g. {\"P1\": 240, \"P2\": 1440, \"P3\": 4320, \"P4\": 10080}; missing priorities take the ticket SLA table's targets for the metric. For tier-response, also by tier: {\"L2\": {\"P1\": 30}}; missing cells take the support tiers' response times.", UIHint = "json")]
    public Input<object> Targets { get; set; } = Input<object>.Empty;

    [Input(Description = "The business calendar the SLA counts on.", DefaultValue = DefaultCalendars.AlwaysOpen)]
    public Input<string> CalendarId { get; set; } = Input<string>.Empty;

    [Input(Description = "Warnings at these percentages of the target, comma-separated.", DefaultValue = "50,75")]
    public Input<string> WarningPercents { get; set; } = Input<string>.Empty;

    [Input(Description = "Warnings this many business minutes before the breach, comma-separated (e.g. \"30,10\").")]
    public Input<string> WarningMinutesBeforeBreach { get; set; } = Input<string>.Empty;

    [Input(Description = "The support tier holding the ticket at the start (e.g. L1), for SLA reports; ticket events carrying a tier change it. For tier-response it is required and fixed: the tier whose response is timed.", Options = ["L1", "L2", "L3"])]
    public Input<string> Tier { get; set; } = Input<string>.Empty;

    [Input(Description = "What a priority change does: keep-elapsed (new target, time still counted from the start), restart (a new cycle), retroactive (as if the new priority applied from the start).", Options = ["keep-elapsed", "restart", "retroactive"], DefaultValue = "keep-elapsed")]
    public Input<string> PriorityChangePolicy { get; set; } = Input<string>.Empty;

    [Output(Description = "The explainable timeline: started, paused, resumed, warnings, breach or met, with business and wall-clock minutes.")]
    public Output<object> Timeline { get; set; } = Output<object>.Unbound;

    [Output(Description = "Where the SLA stands: cycle, priority, phase, next due time, breach times.")]
    public Output<object> Status { get; set; } = Output<object>.Unbound;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var now = context.TimeProvider.GetUtcNow();
        var state = await ReadInputsAsync(context);
        state.CycleStart = now;
        state.TimerId = Guid.CreateVersion7(now).ToString("N");
        context.State = state;
        var calendar = await LoadCalendarAsync(context, state);
        Record(context, state, calendar, now, "started", note: $"{state.Policy.Metric} target {state.Policy.Targets[state.Priority]} min for {state.Priority} on calendar '{state.Policy.CalendarId}'");
        await AdvanceAsync(context, state, calendar, now);
        Arm(context, state, calendar, now);
    }

    protected override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var state = (SlaTimerState)context.State!;
        var now = context.TimeProvider.GetUtcNow();
        state.TimerId ??= $"{context.Instance.Id}:{context.Activity.Id}";
        var calendar = await LoadCalendarAsync(context, state);
        await AdvanceAsync(context, state, calendar, now);
        if (context.ResumedBookmark is { DueAt: null } && TicketEvent.From(context.ResumeInput) is { } ticketEvent
            && (ticketEvent.TicketId is null || string.Equals(ticketEvent.TicketId, state.TicketId, StringComparison.Ordinal)))
        {
            if (await ApplyAsync(context, state, calendar, now, ticketEvent))
            {
                return;
            }
        }

        Arm(context, state, calendar, now);
    }

    protected override void WriteState(Utf8JsonWriter writer, object state) => JsonSerializer.Serialize(writer, (SlaTimerState)state, StateJson);

    protected override object? ReadState(JsonElement element) => element.Deserialize<SlaTimerState>(StateJson);

    /// <summary>Applies one ticket event; true when the timer completed.</summary>
    private static async ValueTask<bool> ApplyAsync(ActivityExecutionContext context, SlaTimerState state, BusinessCalendar calendar, DateTimeOffset now, TicketEvent e)
    {
        var tierResponse = state.Policy.Metric == TierResponseTargets.Metric;
        if (!tierResponse && !string.IsNullOrWhiteSpace(e.Tier) && !string.Equals(e.Tier.Trim(), state.Tier, StringComparison.Ordinal))
        {
            var from = state.Tier;
            state.Tier = e.Tier.Trim();
            Record(context, state, calendar, now, "tier-changed", note: $"{from ?? "none"} -> {state.Tier}");
        }

        if (SlaPolicy.NormalisePriority(e.Priority) is { } priority && priority != state.Priority)
        {
            await ChangePriorityAsync(context, state, calendar, now, priority);
        }

        var status = e.Status ?? e.Type switch
        {
            "ticket.solved" => "solved",
            "ticket.closed" => "closed",
            _ => null,
        };
        // A tier's response is an agent's public reply while that tier holds the ticket: a reply that says it came
        // from another tier does not meet this tier's target.
        var responds = e.IsAgentResponse && (state.Policy.Metric is "first-response" or "next-response"
            || (tierResponse && (string.IsNullOrWhiteSpace(e.Tier) || TierResponseTargets.NormaliseTier(e.Tier) == state.Tier)));
        var firstResponse = state.Policy.Metric is "first-response" or TierResponseTargets.Metric;
        if (status == "closed")
        {
            var met = await StopAsync(context, state, calendar, now, "closed", completing: true);
            await context.CompleteAsync(met ? new Outcomes(["Met", "Done"]) : Outcomes.Done);
            return true;
        }

        if (status == "solved" || responds)
        {
            state.Responded |= responds;
            await StopAsync(context, state, calendar, now, responds ? "responded" : "solved", completing: false);
        }
        else if (firstResponse && (state.Responded || e.Type != "ticket.reopened") && state.Phase == SlaTimerState.Stopped)
        {
            // The first response happens once: after it (or a solve) only a reopening before any response starts again.
        }
        else if (e.Type == "ticket.reopened" || (status is "new" or "open" && state.Phase == SlaTimerState.Stopped)
            || (e.IsCustomerReply && state.Policy.Metric == "next-response" && state.Phase == SlaTimerState.Stopped))
        {
            if (state.Phase == SlaTimerState.Stopped)
            {
                state.Phase = status is "pending" or "hold" ? SlaTimerState.Paused : SlaTimerState.Running;
                state.StartCycle(now);
                Record(context, state, calendar, now, "cycle-started", note: e.Type == "ticket.reopened" ? "reopened" : e.Type);
            }
        }
        else if (status is "pending" or "hold" && state.Phase == SlaTimerState.Running)
        {
            state.Phase = SlaTimerState.Paused;
            state.Pauses.Add(new SlaPauseRecord { From = now });
            Record(context, state, calendar, now, "paused", note: status);
        }
        else if (status is "new" or "open" && state.Phase == SlaTimerState.Paused)
        {
            state.Phase = SlaTimerState.Running;
            state.Pauses[^1].To = now;
            Record(context, state, calendar, now, "resumed", note: status);
        }

        return false;
    }

    private static async ValueTask ChangePriorityAsync(ActivityExecutionContext context, SlaTimerState state, BusinessCalendar calendar, DateTimeOffset now, string priority)
    {
        var from = state.Priority;
        state.Priority = priority;
        var policy = state.Policy.PriorityChange;
        Record(context, state, calendar, now, "priority-changed", note: $"{from} -> {priority} ({policy})");
        if (state.Phase == SlaTimerState.Stopped)
        {
            return;
        }

        if (policy == SlaPolicy.Restart)
        {
            Record(context, state, calendar, now, "cycle-ended", note: "priority changed; the SLA restarts");
            state.StartCycle(now);
            Record(context, state, calendar, now, "cycle-started", note: $"priority {priority}");
            return;
        }

        if (policy == SlaPolicy.Retroactive)
        {
            // As if the new priority had applied from the start: warnings it would already have given are history,
            // recorded at their theoretical time; they are not sent now. A breach is still detected now (below).
            var elapsed = SlaClock.Elapsed(calendar, state.CycleStart, now, state.PauseSpans);
            foreach (var (key, at, isBreach) in state.Thresholds())
            {
                if (!isBreach && at <= elapsed && !state.Done.Contains(key))
                {
                    state.Done.Add(key);
                    Record(context, state, calendar, now, "warning-passed", threshold: key, theoreticalAt: SlaClock.Deadline(calendar, state.CycleStart, at, state.PauseSpans));
                }
            }
        }

        await AdvanceAsync(context, state, calendar, now);
    }

    /// <summary>Stops the cycle; true when it was met (Met is fired here unless the timer is completing).</summary>
    private static async ValueTask<bool> StopAsync(ActivityExecutionContext context, SlaTimerState state, BusinessCalendar calendar, DateTimeOffset now, string reason, bool completing)
    {
        if (state.Phase == SlaTimerState.Stopped)
        {
            return false;
        }

        if (state.Phase == SlaTimerState.Paused)
        {
            state.Pauses[^1].To = now;
        }

        state.Phase = SlaTimerState.Stopped;
        if (state.BreachDetectedAt is not null)
        {
            state.CycleResult = "breached";
            Record(context, state, calendar, now, "stopped", note: $"{reason}; the target was breached at {Iso(state.BreachDetectedAt.Value)}");
            return false;
        }

        state.CycleResult = "met";
        Record(context, state, calendar, now, "met", note: reason);
        if (!completing)
        {
            await context.FireOutcomeAsync("Met");
        }

        return true;
    }

    /// <summary>Fires every threshold the cycle has reached by <paramref name="now"/> and not yet fired.</summary>
    private static async ValueTask AdvanceAsync(ActivityExecutionContext context, SlaTimerState state, BusinessCalendar calendar, DateTimeOffset now)
    {
        if (state.Phase == SlaTimerState.Stopped)
        {
            return;
        }

        var elapsed = SlaClock.Elapsed(calendar, state.CycleStart, now, state.PauseSpans);
        foreach (var (key, at, isBreach) in state.Thresholds())
        {
            if (at > elapsed || state.Done.Contains(key))
            {
                continue;
            }

            state.Done.Add(key);
            var theoretical = SlaClock.Deadline(calendar, state.CycleStart, at, state.PauseSpans);
            if (isBreach)
            {
                state.BreachDetectedAt = now;
                state.BreachTheoreticalAt = theoretical;
                Record(context, state, calendar, now, "breached", threshold: key, theoreticalAt: theoretical, detectedAt: now);
                await context.FireOutcomeAsync("Breached");
            }
            else
            {
                Record(context, state, calendar, now, "warning", threshold: key, theoreticalAt: theoretical);
                await context.FireOutcomeAsync("Warning");
            }
        }
    }

    /// <summary>Waits for the ticket's events and, while the cycle runs, for its next threshold.</summary>
    private void Arm(ActivityExecutionContext context, SlaTimerState state, BusinessCalendar calendar, DateTimeOffset now)
    {
        context.ClearBookmarks();
        context.CreateBookmark(TicketEvent.StimulusName, state.TicketId, new JsonObject { ["ticketId"] = state.TicketId, ["metric"] = state.Policy.Metric });
        DateTimeOffset? due = null;
        if (state.Phase == SlaTimerState.Running)
        {
            foreach (var (key, at, _) in state.Thresholds())
            {
                if (!state.Done.Contains(key) && SlaClock.Deadline(calendar, state.CycleStart, at, state.PauseSpans) is { } when)
                {
                    due = when;
                    context.CreateBookmark(TimerStimulusName, $"{state.TicketId}:{state.Policy.Metric}", new JsonObject { ["threshold"] = key, ["cycle"] = state.Cycle }, when);
                    break;
                }
            }
        }

        WriteOutputs(context, state, due);
    }

    private static void Record(ActivityExecutionContext context, SlaTimerState state, BusinessCalendar calendar, DateTimeOffset now, string type, string? threshold = null, DateTimeOffset? theoreticalAt = null, DateTimeOffset? detectedAt = null, string? note = null)
    {
        var business = SlaPreview.Minutes(SlaClock.Elapsed(calendar, state.CycleStart, now, state.PauseSpans));
        var wall = SlaPreview.Minutes(now - state.CycleStart);
        var entry = new JsonObject
        {
            ["type"] = type,
            ["at"] = Iso(now),
            ["cycle"] = state.Cycle,
            ["priority"] = state.Priority,
            ["businessElapsedMinutes"] = business,
            ["wallClockElapsedMinutes"] = wall,
        };
        if (state.Tier is not null)
        {
            entry["tier"] = state.Tier;
        }

        if (threshold is not null)
        {
            entry["threshold"] = threshold;
        }

        if (theoreticalAt is { } theoretical)
        {
            entry["theoreticalAt"] = Iso(theoretical);
        }

        if (detectedAt is { } detected)
        {
            entry["detectedAt"] = Iso(detected);
        }

        if (note is not null)
        {
            entry["note"] = note;
        }

        state.Timeline.Add(entry);
        context.RecordReadModel(SlaCycleRecord.Kind, SlaCycleRecord.KeyOf(state), SlaCycleRecord.Of(state, calendar, now, context.Instance.DefinitionId));
        context.JournalNote($"SLA {state.Policy.Metric} {state.TicketId} cycle {state.Cycle} {state.Priority}: {type}{(threshold is null ? string.Empty : " " + threshold)}{(note is null ? string.Empty : " (" + note + ")")}; business {business.ToString(CultureInfo.InvariantCulture)} min, wall clock {wall.ToString(CultureInfo.InvariantCulture)} min");
    }

    private void WriteOutputs(ActivityExecutionContext context, SlaTimerState state, DateTimeOffset? due)
    {
        context.SetOutput(Timeline, new JsonArray([.. state.Timeline.Select(e => (JsonNode)e.DeepClone())]), nameof(Timeline));
        context.SetOutput(Status, (object)new JsonObject
        {
            ["ticketId"] = state.TicketId,
            ["metric"] = state.Policy.Metric,
            ["priority"] = state.Priority,
            ["cycle"] = state.Cycle,
            ["phase"] = state.Phase,
            ["cycleStartedAt"] = Iso(state.CycleStart),
            ["nextDueAt"] = due is { } d ? Iso(d) : null,
            ["breached"] = state.BreachDetectedAt is not null,
            ["breachDetectedAt"] = state.BreachDetectedAt is { } b ? Iso(b) : null,
            ["breachTheoreticalAt"] = state.BreachTheoreticalAt is { } t ? Iso(t) : null,
            ["result"] = state.CycleResult,
        }, nameof(Status));
    }

    private async ValueTask<SlaTimerState> ReadInputsAsync(ActivityExecutionContext context)
    {
        var ticketId = (await context.EvaluateAsync(TicketId))?.Trim();
        if (string.IsNullOrEmpty(ticketId))
        {
            throw new InvalidOperationException("input 'ticketId' is required");
        }

        var priorityText = await context.EvaluateAsync(Priority);
        var priority = SlaPolicy.NormalisePriority(priorityText)
            ?? throw new InvalidOperationException($"input 'priority': '{priorityText}' is not a priority (P1..P4)");
        var metric = (await context.EvaluateAsync(Metric))?.Trim().ToLowerInvariant();
        metric = string.IsNullOrEmpty(metric) ? "resolution" : metric;
        if (!SlaPolicy.Metrics.Contains(metric))
        {
            throw new InvalidOperationException($"input 'metric': '{metric}' is not one of {string.Join(", ", SlaPolicy.Metrics)}");
        }

        var change = (await context.EvaluateAsync(PriorityChangePolicy))?.Trim().ToLowerInvariant();
        change = string.IsNullOrEmpty(change) ? SlaPolicy.KeepElapsed : change;
        if (!SlaPolicy.Policies.Contains(change))
        {
            throw new InvalidOperationException($"input 'priorityChangePolicy': '{change}' is not one of {string.Join(", ", SlaPolicy.Policies)}");
        }

        var tier = (await context.EvaluateAsync(Tier))?.Trim();
        var targets = await context.EvaluateAsync(Targets);
        if (metric == TierResponseTargets.Metric)
        {
            tier = TierResponseTargets.NormaliseTier(tier)
                ?? throw new InvalidOperationException($"input 'tier': '{tier}' is not a support tier (L1, L2, L3); the tier-response metric needs one");
        }

        var calendarId = (await context.EvaluateAsync(CalendarId))?.Trim();
        var percents = await context.EvaluateAsync(WarningPercents);
        var policy = new SlaPolicy
        {
            Metric = metric,
            PriorityChange = change,
            CalendarId = string.IsNullOrEmpty(calendarId) ? DefaultCalendars.AlwaysOpen : calendarId,
            Targets = metric == TierResponseTargets.Metric ? TierResponseTargets.For(tier!, targets) : SlaPolicy.ReadTargets(targets, metric),
            WarningPercents = percents is null ? [50, 75] : SlaPolicy.ReadNumbers(percents, "warningPercents", 0, 100),
            WarningMinutesBeforeBreach = [.. SlaPolicy.ReadNumbers(await context.EvaluateAsync(WarningMinutesBeforeBreach), "warningMinutesBeforeBreach", 0, int.MaxValue).Select(m => (int)m)],
        };
        return new SlaTimerState { TicketId = ticketId, Policy = policy, Priority = priority, Tier = string.IsNullOrEmpty(tier) ? null : tier };
    }

    private static async ValueTask<BusinessCalendar> LoadCalendarAsync(ActivityExecutionContext context, SlaTimerState state)
    {
        try
        {
            return await context.GetRequiredService<CalendarStore>().GetAsync(state.Policy.CalendarId, context.CancellationToken);
        }
        catch (UnknownCalendarException ex)
        {
            throw new InvalidOperationException($"input 'calendarId': {ex.Message}", ex);
        }
    }

    private static string Iso(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
