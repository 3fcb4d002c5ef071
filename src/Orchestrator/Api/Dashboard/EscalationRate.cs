using Orchestrator.Activities.Sla;
using Orchestrator.Sla;

namespace Orchestrator.Api.Dashboard;

/// <summary>Tickets of one priority that arrived in the period and how many were escalated; the rate is null with no ticket.</summary>
internal sealed record EscalationRateGroup(string? Priority, int Tickets, int Escalated, double? RatePercent);

/// <summary>
/// The share of the period's tickets that were escalated, overall and per priority, and how many by each route (a ticket
/// can take both): handed off to another tier, or paged beyond the first level of its escalation policy.
/// </summary>
internal sealed record EscalationRateView(int Tickets, int Escalated, double? RatePercent, int HandedOff, int PagedPastFirstLevel, IReadOnlyList<EscalationRateGroup> ByPriority);

/// <summary>
/// Escalation rate. The tickets of the period are those whose first SLA cycle started in it (a ticket with an older
/// cycle arrived before). A ticket counts as escalated, at any time up to now, when
/// <list type="bullet">
/// <item>it was <b>handed off to another tier</b>: a run holding one of its SLA timers started an
/// <c>Orchestrator.HandoffToTier</c>, or the ticketing system moved it from one tier to another (a <c>tier-changed</c>
/// step on its SLA cycles that does not start from "none"); or</item>
/// <item>it was <b>paged past level 1</b>: an <c>Orchestrator.Escalate</c> in such a run paged a level beyond the first.</item>
/// </list>
/// Follow-the-sun handoffs move work between regions, not tiers, and do not count. The priority is the ticket's latest.
/// </summary>
internal static class EscalationRate
{
    public static EscalationRateView Of(IReadOnlyList<SlaCycleRow> cycles, IReadOnlySet<string> olderTickets, IReadOnlyDictionary<string, RunEscalation> runs, long since)
    {
        var tickets = cycles
            .GroupBy(c => c.TicketId, StringComparer.Ordinal)
            .Where(g => !olderTickets.Contains(g.Key) && g.Min(c => c.StartedAt) >= since)
            .Select(g =>
            {
                var handedOff = g.Any(c => runs.TryGetValue(c.InstanceId, out var r) && r.HandedOff) || g.Any(TierChanged);
                var paged = g.Any(c => runs.TryGetValue(c.InstanceId, out var r) && r.PagedPastFirstLevel);
                return (Priority: g.MaxBy(c => c.UpdatedAt)!.Priority, HandedOff: handedOff, Paged: paged);
            })
            .ToList();
        var escalated = tickets.Count(t => t.HandedOff || t.Paged);
        return new EscalationRateView(
            tickets.Count,
            escalated,
            Rate(tickets.Count, escalated),
            tickets.Count(t => t.HandedOff),
            tickets.Count(t => t.Paged),
            [.. SlaPolicy.Priorities.Union(tickets.Select(t => t.Priority).Order(StringComparer.Ordinal), StringComparer.Ordinal).Select(p =>
            {
                var of = tickets.Where(t => t.Priority == p).ToList();
                var up = of.Count(t => t.HandedOff || t.Paged);
                return new EscalationRateGroup(p, of.Count, up, Rate(of.Count, up));
            })]);
    }

    private static double? Rate(int tickets, int escalated) => tickets == 0 ? null : Math.Round(100.0 * escalated / tickets, 1);

    private static bool TierChanged(SlaCycleRow cycle) =>
        cycle.Steps.Contains("\"tier-changed\"", StringComparison.Ordinal)
        && System.Text.Json.Nodes.JsonNode.Parse(cycle.Steps) is System.Text.Json.Nodes.JsonArray steps
        && steps.Any(s => (string?)s?["type"] == "tier-changed" && (string?)s["note"] is { } note && !note.StartsWith("none ->", StringComparison.Ordinal));
}
