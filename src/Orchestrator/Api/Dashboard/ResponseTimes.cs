using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Sla;
using Orchestrator.Sla;

namespace Orchestrator.Api.Dashboard;

/// <summary>
/// Durations of one group in minutes: how many were measured, their median and 90th percentile. Both are null when
/// nothing was measured, so an empty period never reads as "0 minutes".
/// </summary>
internal sealed record DurationGroup(string? Priority, int Count, double? MedianMinutes, double? P90Minutes);

/// <summary>One duration metric: the clock it is measured on (<c>business</c> or <c>wall-clock</c>), overall and per priority.</summary>
internal sealed record DurationMetric(string Clock, DurationGroup Overall, IReadOnlyList<DurationGroup> ByPriority);

/// <summary>Time to acknowledge, to first respond and to resolve over the dashboard's period.</summary>
internal sealed record ResponseTimesView(DurationMetric Acknowledge, DurationMetric FirstResponse, DurationMetric Resolution);

/// <summary>
/// Time to first respond and to resolve, read from the SLA cycle records (<c>sla_cycles</c>), and time to acknowledge,
/// read from the escalations' journal (see <see cref="EscalationJournal"/>).
/// <list type="bullet">
/// <item><b>First response</b>: business minutes on the SLA's calendar, pauses (pending, on hold) left out, from the start
/// of a <c>first-response</c> cycle to the agent response that met or stopped it; cycles ended by a solve or close
/// without a response are not a response and do not count. The same clock the SLA target is measured on.</item>
/// <item><b>Resolution</b>: business minutes on the SLA's calendar, pauses left out, from the start of a
/// <c>resolution</c> cycle to the solve or close that stopped it. A reopened ticket starts a new cycle, which counts as
/// a resolution of its own; cycles ended by a priority change under the <c>restart</c> policy do not count.</item>
/// <item><b>Acknowledge</b>: wall-clock minutes from the start of an escalation (its first page) to its first
/// acknowledgement: paging runs round the clock and its level delays are wall-clock minutes. An acknowledgement that
/// times out and is given again later does not count twice.</item>
/// </list>
/// A duration counts in the period when it ended there (the response, the solve, the acknowledgement). The priority of a
/// response or resolution is the ticket's when it stopped the cycle; that of an acknowledgement is the priority of the
/// escalated ticket's SLA cycle in the same run (runs without one are not read). Median and 90th percentile interpolate linearly between the two nearest
/// values of the sorted durations (rank p × (n − 1), counted from 0), so the median of 10 and 20 minutes is 15.
/// </summary>
internal static class ResponseTimes
{
    public const string Business = "business";

    public const string WallClock = "wall-clock";

    public static ResponseTimesView Of(IReadOnlyList<SlaCycleRow> cycles, IReadOnlyList<Acknowledgement> acknowledgements, long since)
    {
        var responses = new List<(string? Priority, double Minutes)>();
        var resolutions = new List<(string? Priority, double Minutes)>();
        foreach (var cycle in cycles)
        {
            if (cycle.IsOpen || EndStep(cycle) is not { } end || end.At < since)
            {
                continue;
            }

            if (cycle.Metric == "first-response" && end.Reason == "responded")
            {
                responses.Add((end.Priority ?? cycle.Priority, end.BusinessMinutes));
            }
            else if (cycle.Metric == "resolution" && end.Reason is "solved" or "closed")
            {
                resolutions.Add((end.Priority ?? cycle.Priority, end.BusinessMinutes));
            }
        }

        return new ResponseTimesView(
            Metric(WallClock, [.. acknowledgements.Where(a => a.At.UtcTicks >= since).Select(a => (a.Priority, (a.At - a.StartedAt).TotalMinutes))]),
            Metric(Business, responses),
            Metric(Business, resolutions));
    }

    /// <summary>The value below which <paramref name="p"/> of the sorted values lie, interpolating between the two nearest ranks.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    private static DurationMetric Metric(string clock, IReadOnlyList<(string? Priority, double Minutes)> values) => new(
        clock,
        Group(null, values.Select(v => v.Minutes)),
        [.. SlaPolicy.Priorities.Union(values.Select(v => v.Priority ?? "unknown").Order(StringComparer.Ordinal), StringComparer.Ordinal)
            .Select(p => Group(p, values.Where(v => (v.Priority ?? "unknown") == p).Select(v => v.Minutes)))]);

    private static DurationGroup Group(string? priority, IEnumerable<double> minutes)
    {
        var sorted = minutes.Order().ToList();
        return sorted.Count == 0
            ? new DurationGroup(priority, 0, null, null)
            : new DurationGroup(priority, sorted.Count, Math.Round(Percentile(sorted, 0.5), 1), Math.Round(Percentile(sorted, 0.9), 1));
    }

    /// <summary>The step that stopped the cycle: <c>met</c>, or <c>stopped</c> after a breach; its note starts with the reason.</summary>
    private static EndOfCycle? EndStep(SlaCycleRow cycle)
    {
        if (JsonNode.Parse(cycle.Steps) is not JsonArray steps)
        {
            return null;
        }

        for (var i = steps.Count - 1; i >= 0; i--)
        {
            if (steps[i] is JsonObject step && (string?)step["type"] is "met" or "stopped" && (string?)step["at"] is { } at)
            {
                var note = (string?)step["note"] ?? string.Empty;
                var reason = note.Split(';', 2)[0].Trim();
                return new EndOfCycle(
                    DateTimeOffset.Parse(at, CultureInfo.InvariantCulture).UtcTicks,
                    reason,
                    (string?)step["priority"],
                    step["businessElapsedMinutes"]?.GetValue<double>() ?? cycle.BusinessElapsedMinutes);
            }
        }

        return null;
    }

    private sealed record EndOfCycle(long At, string Reason, string? Priority, double BusinessMinutes);
}
