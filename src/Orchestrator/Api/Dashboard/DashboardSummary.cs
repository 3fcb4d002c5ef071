using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Activities.Escalation;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;
using Orchestrator.Persistence;

namespace Orchestrator.Api.Dashboard;

internal sealed record InstanceCount(string DefinitionId, string SubStatus, int Count);

internal sealed record TaskStatusCount(string Status, int Count);

internal sealed record OwnerCount(string OwnerPersonId, int Count);

internal sealed record EscalationInFlight(string InstanceId, string DefinitionId, string ActivityId, string? Subject);

internal sealed record OpenIncident(string InstanceId, string DefinitionId, string ActivityId, string ActivityType, string Message, DateTimeOffset Timestamp);

internal sealed record DashboardView(
    IReadOnlyList<InstanceCount> Instances,
    IReadOnlyList<TaskStatusCount> TasksByStatus,
    IReadOnlyList<OwnerCount> OverdueByOwner,
    IReadOnlyList<EscalationInFlight> EscalationsInFlight,
    IReadOnlyList<OpenIncident> OpenIncidents,
    SlaComplianceView Sla,
    BacklogView Backlog,
    IReadOnlyList<OnboardingAccount> Onboarding,
    ResponseTimesView ResponseTimes,
    EscalationRateView Escalations,
    QbrReviewsView Qbrs);

/// <summary>
/// <c>GET /api/dashboard</c>: counts the operator dashboard needs that no list endpoint can give without paging through
/// everything: instances per definition and status, tasks per status, overdue tasks per owner, escalations waiting for
/// an acknowledgement and unresolved incidents (the newest 100 of each list); SLA compliance per priority and tier over
/// the last <c>days</c> (default 30) with the newest breaches and their reasons; the backlog of open tickets by age with the
/// support debt; onboarding progress per account; and, over the same period, time to acknowledge, first respond and
/// resolve (<see cref="ResponseTimes"/>), the escalation rate (<see cref="EscalationRate"/>) and QBRs held on time
/// (<see cref="QbrReviews"/>). Read-only, every role.
/// </summary>
internal static class DashboardSummary
{
    public const int ListLimit = 100;

    public const int DefaultDays = 30;

    public const int MaxDays = 366;

    /// <summary>How each period metric is measured, for the OpenAPI document; the types named here say the same in more detail.</summary>
    public const string Description =
        "The period is the last `days` days up to now (default 30, 1 to 366); SLA compliance, breaches, response times, escalation rate and QBRs use it.\n\n"
        + "- **responseTimes**: median and 90th percentile in minutes, overall and per priority (P1..P4 always listed). Percentiles interpolate linearly between the nearest ranks (rank p × (n − 1)). A duration counts in the period when it ended there; with nothing measured, count is 0 and median and p90 are null (no data), never 0.\n"
        + "  - **acknowledge** (clock `wall-clock`): from the start of an escalation (Orchestrator.Escalate, its first page) to its first acknowledgement, for escalations in runs holding a ticket's SLA timers; the priority is that ticket's.\n"
        + "  - **firstResponse** (clock `business`): business minutes on the SLA's calendar, pauses (pending, on hold) left out, from the start of a first-response SLA cycle to the agent response that stopped it; a cycle ended by a solve or close without a response does not count.\n"
        + "  - **resolution** (clock `business`): business minutes on the SLA's calendar, pauses left out, from the start of a resolution SLA cycle to the solve or close that stopped it; a reopened ticket's new cycle is a resolution of its own.\n"
        + "- **escalations**: of the tickets whose first SLA cycle started in the period, the share escalated so far: handed off to another tier (an Orchestrator.HandoffToTier in a run holding its SLA timers, or a tier change from one tier to another reported by the ticketing system) or paged past level 1 of its escalation policy. ratePercent is null when no ticket arrived.\n"
        + "- **backlog.totalAgeHours**: the support debt, the total wall-clock age in hours of the open tickets (tickets with an SLA cycle still open), overall and per priority, beside the count and age buckets.\n"
        + "- **qbrs**: QBR reviews (the `review` task of a `qbr…` cadence) decided in the period: on time when completed at or before the due time (counted when completed), otherwise counted when the due time passed, as late (completed after) or not held. onTimePercent is null when no review was decided.";

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/dashboard").WithTags("Dashboard").RequiresApiKey()
            .MapGet(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesValidationProblem()
            .WithSummary("Instances, tasks, overdue per owner, escalations in flight, open incidents, SLA compliance and breaches, backlog age and support debt, onboarding progress, response times, escalation rate, QBRs on time")
            .WithDescription(Description);
        return app;
    }

    public static async Task<Results<Ok<DashboardView>, ValidationProblem>> HandleAsync(Database database, IDocumentStore documents, TimeProvider time, CancellationToken cancellationToken, int? days = null)
    {
        if (days is < 1 or > MaxDays)
        {
            return ApiProblems.Invalid("days", $"must be between 1 and {MaxDays}");
        }

        await using var db = database.CreateContext();
        var instances = await db.Instances.AsNoTracking()
            .GroupBy(i => new { i.DefinitionId, i.SubStatus })
            .Select(g => new InstanceCount(g.Key.DefinitionId, g.Key.SubStatus, g.Count()))
            .ToListAsync(cancellationToken);
        var tasks = db.Set<Orchestrator.Tasks.HumanTaskRecord>().AsNoTracking();
        var byStatus = await tasks.GroupBy(t => t.Status).Select(g => new TaskStatusCount(g.Key, g.Count())).ToListAsync(cancellationToken);
        var overdue = await tasks.Where(t => t.Status == "overdue")
            .GroupBy(t => t.OwnerPersonId)
            .Select(g => new OwnerCount(g.Key, g.Count()))
            .ToListAsync(cancellationToken);

        // An escalation waits on its acknowledgement bookmark from its first page until it ends.
        var escalations = await (
            from b in db.Bookmarks.AsNoTracking()
            join i in db.Instances.AsNoTracking() on b.InstanceId equals i.Id
            where b.Name == EscalationStimuli.Acknowledge
            orderby i.CreatedAt descending
            select new EscalationInFlight(b.InstanceId, i.DefinitionId, b.ActivityId, b.Key))
            .Take(ListLimit)
            .ToListAsync(cancellationToken);
        var incidents = await (
            from x in db.Incidents.AsNoTracking()
            join i in db.Instances.AsNoTracking() on x.InstanceId equals i.Id
            where !x.Resolved
            orderby x.Timestamp descending
            select new { x.InstanceId, i.DefinitionId, x.ActivityId, x.ActivityType, x.Message, x.Timestamp })
            .Take(ListLimit)
            .ToListAsync(cancellationToken);
        var (sla, backlog) = await SlaCompliance.ReadAsync(db, time.GetUtcNow(), days ?? DefaultDays, cancellationToken);
        var onboarding = await OnboardingProgress.ReadAsync(db, documents, cancellationToken);
        var since = sla.From.UtcTicks;
        var (times, escalationRate) = await SupportMetrics.ReadAsync(db, since, cancellationToken);
        var qbrs = await QbrReviews.ReadAsync(db, since, time.GetUtcNow().UtcTicks, cancellationToken);

        return TypedResults.Ok(new DashboardView(
            [.. instances.OrderBy(i => i.DefinitionId, StringComparer.Ordinal).ThenBy(i => i.SubStatus, StringComparer.Ordinal)],
            [.. byStatus.OrderBy(s => s.Status, StringComparer.Ordinal)],
            [.. overdue.OrderByDescending(o => o.Count).ThenBy(o => o.OwnerPersonId, StringComparer.Ordinal)],
            escalations,
            [.. incidents.Select(x => new OpenIncident(x.InstanceId, x.DefinitionId, x.ActivityId, x.ActivityType, x.Message, new DateTimeOffset(x.Timestamp, TimeSpan.Zero)))],
            sla,
            backlog,
            onboarding,
            times,
            escalationRate,
            qbrs));
    }
}
