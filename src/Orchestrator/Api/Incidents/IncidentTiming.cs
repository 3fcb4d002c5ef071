using Orchestrator.Activities.Incidents;

namespace Orchestrator.Api.Incidents;

/// <summary>
/// Where an incident stands in time: its response phase (immediate 0-15 min, short-term 15 min-2 h, recovery 2 h+ or
/// once resolved) and when its next status update is due on its cadence, the way <c>AwaitStatusUpdate</c> counts it:
/// one cadence after the latest status update, or after the declaration when there is none yet.
/// </summary>
internal sealed record IncidentTiming(string Phase, DateTimeOffset PhaseSince, DateTimeOffset? PhaseUntil, TimeSpan? Cadence, DateTimeOffset? LastUpdateAt, DateTimeOffset? NextUpdateDueAt, bool Late)
{
    public const string Immediate = "immediate";
    public const string ShortTerm = "short-term";
    public const string Recovery = "recovery";

    public static readonly TimeSpan ImmediateLength = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ShortTermEnd = TimeSpan.FromHours(2);

    public static IncidentTiming Of(DeclaredIncident incident, DateTimeOffset now)
    {
        var declared = incident.DeclaredAt;
        var elapsed = now - declared;
        var (phase, since, until) =
            incident.Status != IncidentStatuses.Open ? (Recovery, Min(incident.ResolvedAt ?? incident.ClosedAt ?? now, declared + ShortTermEnd), (DateTimeOffset?)null)
            : elapsed < ImmediateLength ? (Immediate, declared, declared + ImmediateLength)
            : elapsed < ShortTermEnd ? (ShortTerm, declared + ImmediateLength, declared + ShortTermEnd)
            : (Recovery, declared + ShortTermEnd, (DateTimeOffset?)null);

        var cadence = incident.StatusUpdateCadence ?? IncidentSeverity.DefaultCadence(incident.Severity);
        var lastUpdate = incident.Updates.Where(u => u.Type == "update").Select(u => (DateTimeOffset?)u.At).LastOrDefault();
        DateTimeOffset? due = incident.Status == IncidentStatuses.Open && cadence is { } every ? (lastUpdate ?? declared) + every : null;
        return new IncidentTiming(phase, since, until, cadence, lastUpdate, due, due is { } d && now > d);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
