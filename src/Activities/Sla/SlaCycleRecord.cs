using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Sla;

/// <summary>
/// The queryable outcome of one SLA cycle, recorded by the timer at every step of its timeline as a read-model row of
/// kind <see cref="Kind"/>: the host stores it with the burst, so SLA reports never disagree with the run.
/// </summary>
public static class SlaCycleRecord
{
    public const string Kind = "sla-cycle";

    public const string Running = "running";
    public const string Paused = "paused";
    public const string Met = "met";
    public const string Breached = "breached";

    /// <summary>A cycle a priority change under the <c>restart</c> policy ended before it was met or breached.</summary>
    public const string Ended = "ended";

    public static string KeyOf(SlaTimerState state) => $"{state.TimerId}:{state.Cycle}";

    /// <summary>The whole record of the state's current cycle as of <paramref name="now"/>.</summary>
    public static JsonObject Of(SlaTimerState state, BusinessCalendar calendar, DateTimeOffset now, string? definitionId)
    {
        var steps = state.Timeline.Where(e => (int?)e["cycle"] == state.Cycle).ToList();
        var last = steps.Count > 0 ? (string?)steps[^1]["type"] : null;
        var stopped = state.Phase == SlaTimerState.Stopped || last == "cycle-ended";
        var status = state.BreachDetectedAt is not null ? Breached
            : last == "cycle-ended" ? Ended
            : state.Phase == SlaTimerState.Stopped ? Met
            : state.Phase == SlaTimerState.Paused ? Paused
            : Running;
        var target = state.Target;
        var pauses = state.PauseSpans;
        var deadline = SlaClock.Deadline(calendar, state.CycleStart, target, pauses);
        var metAt = status == Met ? steps.LastOrDefault(e => (string?)e["type"] == "met")?["at"]?.GetValue<string>() : null;
        var pausedMinutes = state.Pauses.Sum(p => ((p.To ?? now) - p.From).TotalMinutes);
        var record = new JsonObject
        {
            ["id"] = KeyOf(state),
            ["timerId"] = state.TimerId,
            ["definitionId"] = definitionId,
            ["ticketId"] = state.TicketId,
            ["metric"] = state.Policy.Metric,
            ["priority"] = state.Priority,
            ["tier"] = state.Tier,
            ["calendarId"] = state.Policy.CalendarId,
            ["targetMinutes"] = SlaPreview.Minutes(target),
            ["cycle"] = state.Cycle,
            ["status"] = status,
            ["open"] = !stopped,
            ["startedAt"] = Iso(state.CycleStart),
            ["deadlineAt"] = deadline is { } d ? Iso(d) : null,
            ["metAt"] = metAt,
            ["breachedAt"] = state.BreachDetectedAt is { } b ? Iso(b) : null,
            ["breachTheoreticalAt"] = state.BreachTheoreticalAt is { } t ? Iso(t) : null,
            ["endedAt"] = stopped ? Iso(now) : null,
            ["businessElapsedMinutes"] = SlaPreview.Minutes(SlaClock.Elapsed(calendar, state.CycleStart, now, pauses)),
            ["wallClockElapsedMinutes"] = SlaPreview.Minutes(now - state.CycleStart),
            ["pausedMinutes"] = Math.Round(pausedMinutes, 3),
            ["breachReason"] = state.BreachDetectedAt is null ? null : BreachReason(state, steps),
            ["updatedAt"] = Iso(now),
            ["steps"] = new JsonArray([.. steps.Select(e => (JsonNode)e.DeepClone())]),
        };
        return record;
    }

    /// <summary>
    /// Why the cycle breached, for people: what did not happen within which business target, which tier held the ticket
    /// when it breached, pauses, priority changes, and how late the breach was noticed if it was.
    /// </summary>
    public static string BreachReason(SlaTimerState state, IReadOnlyList<JsonObject> steps)
    {
        var what = state.Policy.Metric switch
        {
            "first-response" => "no first response",
            "next-response" => "no next response",
            TierResponseTargets.Metric => $"no response from {state.Tier}",
            _ => "not resolved",
        };
        var parts = new List<string> { $"{what} within {Duration(state.Target.TotalMinutes)} business time ({state.Priority}, calendar '{state.Policy.CalendarId}')" };
        var breach = steps.LastOrDefault(e => (string?)e["type"] == "breached");
        var tier = (string?)breach?["tier"] ?? state.Tier;
        var tiers = steps.Select(e => (string?)e["tier"]).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (tier is not null)
        {
            parts.Add(tiers.Count > 1 ? $"held by {tier} at the breach (tiers {string.Join(" -> ", tiers)})" : $"held by {tier}");
        }

        if (state.Pauses.Count > 0)
        {
            var paused = state.Pauses.Sum(p => ((p.To ?? state.BreachDetectedAt ?? p.From) - p.From).TotalMinutes);
            parts.Add($"paused {state.Pauses.Count}x for {Duration(paused)} wall clock");
        }

        var changes = steps.Where(e => (string?)e["type"] == "priority-changed").Select(e => (string?)e["note"]).OfType<string>().ToList();
        if (changes.Count > 0)
        {
            parts.Add($"priority changed {string.Join(", ", changes)}");
        }

        if (state.BreachDetectedAt is { } detected && state.BreachTheoreticalAt is { } theoretical && detected - theoretical >= TimeSpan.FromMinutes(1))
        {
            parts.Add($"detected {Duration((detected - theoretical).TotalMinutes)} after the target was reached");
        }

        return string.Join("; ", parts);
    }

    /// <summary>"45 min", "1 h", "1.5 h", "2 d" (days of 24 h).</summary>
    public static string Duration(double minutes)
    {
        static string N(double n) => Math.Round(n, 1).ToString("0.#", CultureInfo.InvariantCulture);
        if (minutes >= 2880 && minutes % 1440 == 0)
        {
            return $"{N(minutes / 1440)} d";
        }

        return minutes >= 60 ? $"{N(minutes / 60)} h" : $"{N(minutes)} min";
    }

    private static string Iso(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
