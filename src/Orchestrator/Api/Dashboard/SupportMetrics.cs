using Microsoft.EntityFrameworkCore;
using Orchestrator.Persistence;
using Orchestrator.Sla;

namespace Orchestrator.Api.Dashboard;

/// <summary>Time to acknowledge, respond and resolve, and the escalation rate, over the dashboard's period.</summary>
internal static class SupportMetrics
{
    public static async Task<(ResponseTimesView Times, EscalationRateView Escalations)> ReadAsync(OrchestratorDbContext db, long since, CancellationToken cancellationToken)
    {
        // Every cycle that changed in the period (a cycle's last step is when it ended, or later) and every open one.
        var cycles = await db.Set<SlaCycleRow>().AsNoTracking()
            .Where(c => c.IsOpen || c.UpdatedAt >= since)
            .ToListAsync(cancellationToken);
        var fresh = cycles.Where(c => c.StartedAt >= since).Select(c => c.TicketId).Distinct(StringComparer.Ordinal).ToList();
        var older = (await db.Set<SlaCycleRow>().AsNoTracking()
            .Where(c => fresh.Contains(c.TicketId) && c.StartedAt < since)
            .Select(c => c.TicketId)
            .Distinct()
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

        // Escalations are read from the runs that hold the tickets' SLA timers, as the shipped ticket escalation does.
        var runs = await EscalationJournal.ReadAsync(db, [.. cycles.Select(c => c.InstanceId).Distinct(StringComparer.Ordinal)], cancellationToken);
        var acknowledgements = runs.Values
            .SelectMany(r => r.Acknowledgements.Select(a => new Acknowledgement(r.InstanceId, a.ActivityId, a.EscalationKey, a.StartedAt, a.At, PriorityAt(cycles, r.InstanceId, a.EscalationKey, a.At))))
            .ToList();
        return (ResponseTimes.Of(cycles, acknowledgements, since), EscalationRate.Of(cycles, older, runs, since));
    }

    /// <summary>The priority of the run's newest cycle started by then, preferring the escalated ticket's own cycles.</summary>
    private static string? PriorityAt(IReadOnlyList<SlaCycleRow> cycles, string instanceId, string escalationKey, DateTimeOffset at)
    {
        var ofRun = cycles.Where(c => c.InstanceId == instanceId && c.StartedAt <= at.UtcTicks).ToList();
        var ofTicket = ofRun.Where(c => c.TicketId == escalationKey).ToList();
        return (ofTicket.Count > 0 ? ofTicket : ofRun).MaxBy(c => c.StartedAt)?.Priority;
    }
}
