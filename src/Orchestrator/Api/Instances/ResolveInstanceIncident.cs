using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Api.Instances;

/// <summary>
/// <c>POST /api/workflow-instances/{id}/incidents/{incidentId}/resolve</c>: an operator closes an open incident, such as
/// an escalation that ran out of levels. The fault that stopped a faulted run is resolved by retrying it instead.
/// </summary>
internal static class ResolveInstanceIncident
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{id}/incidents/{incidentId}/resolve", HandleAsync)
            .RequireAuthorization(AuthPolicies.OperateRuns)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Resolves one open incident of an instance");

    public static async Task<Results<Ok<InstanceState>, ProblemHttpResult>> HandleAsync(string id, string incidentId, ClaimsPrincipal user, IWorkflowInstanceStore instances, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var instance = await instances.FindAsync(id, cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound($"no workflow instance '{id}'");
        }

        if (!instance.Incidents.Exists(i => i.Id == incidentId))
        {
            return ApiProblems.NotFound($"workflow instance '{id}' has no incident '{incidentId}'");
        }

        try
        {
            var result = await runtime.ResolveIncidentAsync(id, incidentId, user.FindFirstValue(ClaimTypes.Name), CancellationToken.None);
            return TypedResults.Ok(InstanceState.From(result.Instance));
        }
        catch (InvalidOperationException ex)
        {
            return ApiProblems.Conflict(ex.Message);
        }
    }
}
