using Microsoft.EntityFrameworkCore;
using Orchestrator.Activities.Sla;
using Orchestrator.Persistence;
using Orchestrator.Sla;

namespace Orchestrator.Api.Dashboard;

/// <summary>Met, breached and running SLA cycles of one group; compliance is met / (met + breached) in percent, null with neither.</summary>
internal sealed record ComplianceGroup(string? Key, int Met, int Breached, int Running, double? CompliancePercent);

internal sealed record SlaBreach(
    string InstanceId,
    string? DefinitionId,
    string ActivityId,
    string TicketId,
    string Metric,
    string Priority,
    string? Tier,
    DateTimeOffset BreachedAt,
    DateTimeOffset? BreachTheoreticalAt,
    bool Open,
    string? Reason);

/// <summary>SLA compliance over the last <see cref="Days"/> days, per priority and per tier (null: no tier known).</summary>
internal sealed record SlaComplianceView(int Days, DateTimeOffset From, ComplianceGroup Overall, IReadOnlyList<ComplianceGroup> ByPriority, IReadOnlyList<ComplianceGroup> ByTier, IReadOnlyList<SlaBreach> RecentBreaches);

/// <summary>
/// Open tickets of one priority by age: under 1 day, 1-3 days, 3-7 days, over 7 days; the oldest, and the support debt
/// (<see cref="TotalAgeHours"/>: the sum of their ages).
/// </summary>
internal sealed record BacklogGroup(string Priority, int Count, int UnderOneDay, int OneToThreeDays, int ThreeToSevenDays, int OverSevenDays, double OldestAgeHours, string? OldestTicketId, double TotalAgeHours);

/// <summary>
/// The backlog: tickets with an SLA cycle still open, per priority, with the oldest. <see cref="TotalAgeHours"/> is the
/// support debt, the total age of the open tickets in wall-clock hours (each from the start of its oldest open cycle to
/// now); 0 with an empty backlog, where it is no debt rather than a missing figure. Escalations in flight belong to these
/// tickets and are not counted again.
/// </summary>
internal sealed record BacklogView(int Count, double OldestAgeHours, double TotalAgeHours, IReadOnlyList<BacklogGroup> ByPriority);

/// <summary>The SLA and backlog parts of the dashboard, read from <c>sla_cycles</c>.</summary>
internal static class SlaCompliance
{
    public const int BreachLimit = 50;

    public static async Task<(SlaComplianceView Compliance, BacklogView Backlog)> ReadAsync(OrchestratorDbContext db, DateTimeOffset now, int days, CancellationToken cancellationToken)
    {
        var from = now.AddDays(-days);
        var since = from.UtcTicks;
        var rows = await db.Set<SlaCycleRow>().AsNoTracking()
            .Where(c => c.IsOpen || (c.MetAt != null && c.MetAt >= since) || (c.BreachedAt != null && c.BreachedAt >= since))
            .Select(c => new Cycle(c.InstanceId, c.DefinitionId, c.ActivityId, c.TicketId, c.Metric, c.Priority, c.Tier, c.Status, c.IsOpen, c.StartedAt, c.MetAt, c.BreachedAt, c.BreachTheoreticalAt, c.BreachReason))
            .ToListAsync(cancellationToken);

        var counted = rows.Where(r => Outcome(r, since) is not null).ToList();
        var compliance = new SlaComplianceView(
            days,
            from,
            Group(null, counted, since),
            [.. counted.GroupBy(r => r.Priority, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Group(g.Key, g, since))],
            [.. counted.GroupBy(r => r.Tier ?? string.Empty, StringComparer.Ordinal).OrderBy(g => g.Key.Length == 0).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Group(g.Key.Length == 0 ? null : g.Key, g, since))],
            [.. rows.Where(r => r.BreachedAt >= since)
                .OrderByDescending(r => r.BreachedAt)
                .Take(BreachLimit)
                .Select(r => new SlaBreach(r.InstanceId, r.DefinitionId, r.ActivityId, r.TicketId, r.Metric, r.Priority, r.Tier, SlaCycleView.Instant(r.BreachedAt!.Value), SlaCycleView.Instant(r.BreachTheoreticalAt), r.Open, r.BreachReason))]);

        // A ticket is in the backlog while any of its SLA cycles is open; its age counts from its oldest open cycle and
        // its priority is that of its newest one (the priority may have changed since).
        var tickets = rows.Where(r => r.Open)
            .GroupBy(r => r.TicketId, StringComparer.Ordinal)
            .Select(g => (Ticket: g.Key, Priority: g.MaxBy(r => r.StartedAt)!.Priority, Age: now - SlaCycleView.Instant(g.Min(r => r.StartedAt))))
            .ToList();
        var backlog = new BacklogView(
            tickets.Count,
            tickets.Count == 0 ? 0 : Hours(tickets.Max(t => t.Age)),
            Hours(TimeSpan.FromTicks(tickets.Sum(t => t.Age.Ticks))),
            [.. tickets.GroupBy(t => t.Priority, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var oldest = g.MaxBy(t => t.Age);
                return new BacklogGroup(
                    g.Key,
                    g.Count(),
                    g.Count(t => t.Age < TimeSpan.FromDays(1)),
                    g.Count(t => t.Age >= TimeSpan.FromDays(1) && t.Age < TimeSpan.FromDays(3)),
                    g.Count(t => t.Age >= TimeSpan.FromDays(3) && t.Age < TimeSpan.FromDays(7)),
                    g.Count(t => t.Age >= TimeSpan.FromDays(7)),
                    Hours(oldest.Age),
                    oldest.Ticket,
                    Hours(TimeSpan.FromTicks(g.Sum(t => t.Age.Ticks))));
            })]);
        return (compliance, backlog);
    }

    /// <summary>met or breached inside the window, running while open and not breached; cycles ended by a restart do not count.</summary>
    private static string? Outcome(Cycle c, long since) => c.Status switch
    {
        SlaCycleRecord.Met when c.MetAt >= since => SlaCycleRecord.Met,
        SlaCycleRecord.Breached when c.BreachedAt >= since => SlaCycleRecord.Breached,
        SlaCycleRecord.Running or SlaCycleRecord.Paused when c.Open => SlaCycleRecord.Running,
        _ => null,
    };

    private static ComplianceGroup Group(string? key, IEnumerable<Cycle> cycles, long since)
    {
        var outcomes = cycles.Select(c => Outcome(c, since)).ToList();
        var met = outcomes.Count(o => o == SlaCycleRecord.Met);
        var breached = outcomes.Count(o => o == SlaCycleRecord.Breached);
        var running = outcomes.Count(o => o == SlaCycleRecord.Running);
        return new ComplianceGroup(key, met, breached, running, met + breached == 0 ? null : Math.Round(100.0 * met / (met + breached), 1));
    }

    private static double Hours(TimeSpan age) => Math.Round(age.TotalHours, 1);

    private sealed record Cycle(string InstanceId, string? DefinitionId, string ActivityId, string TicketId, string Metric, string Priority, string? Tier, string Status, bool Open, long StartedAt, long? MetAt, long? BreachedAt, long? BreachTheoreticalAt, string? BreachReason);
}
