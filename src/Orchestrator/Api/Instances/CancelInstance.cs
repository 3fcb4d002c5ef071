using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Api.Instances;

/// <summary><c>POST /api/workflow-instances/{id}/cancel</c>: cancels a running or faulted instance and removes its bookmarks.</summary>
internal static class CancelInstance
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{id}/cancel", HandleAsync)
            .RequireAuthorization(AuthPolicies.OperateRuns)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Cancels an instance that is running, suspended or faulted");

    public static async Task<Results<Ok<InstanceState>, ProblemHttpResult>> HandleAsync(string id, IWorkflowInstanceStore instances, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var instance = await instances.FindAsync(id, cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound($"no workflow instance '{id}'");
        }

        if (instance.IsFinished && instance.SubStatus != WorkflowSubStatus.Faulted)
        {
            return ApiProblems.Conflict($"workflow instance '{id}' is already {instance.SubStatus}");
        }

        var result = await runtime.CancelAsync(id, CancellationToken.None);
        return TypedResults.Ok(InstanceState.From(result.Instance));
    }
}
