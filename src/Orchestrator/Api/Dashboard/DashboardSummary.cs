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
    IReadOnlyList<OnboardingAccount> Onboarding);

/// <summary>
/// <c>GET /api/dashboard</c>: counts the operator dashboard needs that no list endpoint can give without paging through
/// everything: instances per definition and status, tasks per status, overdue tasks per owner, escalations waiting for
/// an acknowledgement and unresolved incidents (the newest 100 of each list); SLA compliance per priority and tier over
/// the last <c>days</c> (default 30) with the newest breaches and their reasons; the backlog of open tickets by age; and
/// onboarding progress per account. Read-only, every role.
/// </summary>
internal static class DashboardSummary
{
    public const int ListLimit = 100;

    public const int DefaultDays = 30;

    public const int MaxDays = 366;

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/dashboard").WithTags("Dashboard").RequiresApiKey()
            .MapGet(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesValidationProblem()
            .WithSummary("Instances, tasks, overdue per owner, escalations in flight, open incidents, SLA compliance and breaches, backlog age, onboarding progress");
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

        return TypedResults.Ok(new DashboardView(
            [.. instances.OrderBy(i => i.DefinitionId, StringComparer.Ordinal).ThenBy(i => i.SubStatus, StringComparer.Ordinal)],
            [.. byStatus.OrderBy(s => s.Status, StringComparer.Ordinal)],
            [.. overdue.OrderByDescending(o => o.Count).ThenBy(o => o.OwnerPersonId, StringComparer.Ordinal)],
            escalations,
            [.. incidents.Select(x => new OpenIncident(x.InstanceId, x.DefinitionId, x.ActivityId, x.ActivityType, x.Message, new DateTimeOffset(x.Timestamp, TimeSpan.Zero)))],
            sla,
            backlog,
            onboarding));
    }
}
