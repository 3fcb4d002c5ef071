using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Auth;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Orchestrator.Sla;

namespace Orchestrator.Api.Sla;

/// <summary>
/// <c>GET /api/workflow-instances/{id}/sla</c>: every SLA cycle of the instance's timers, in the order they started, with
/// status, deadline, breach times and reason and the timeline steps the instance view draws.
/// </summary>
internal static class GetInstanceSla
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/workflow-instances/{id}/sla", HandleAsync)
            .WithTags("SLA")
            .RequiresApiKey()
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The instance's SLA cycles: metric, priority, tier, target, deadline, status, breach times and reason, timeline steps");

    public static async Task<Results<Ok<List<SlaCycleView>>, ProblemHttpResult>> HandleAsync(string id, IWorkflowInstanceStore instances, Database database, CancellationToken cancellationToken)
    {
        if (await instances.FindAsync(id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"no workflow instance '{id}'");
        }

        await using var db = database.CreateContext();
        var rows = await db.Set<SlaCycleRow>().AsNoTracking().Where(c => c.InstanceId == id).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows
            .OrderBy(r => r.StartedAt)
            .ThenBy(r => r.ActivityId, StringComparer.Ordinal)
            .ThenBy(r => r.Cycle)
            .Select(SlaCycleView.From)
            .ToList());
    }
}
