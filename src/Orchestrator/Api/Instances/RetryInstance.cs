using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Api.Instances;

/// <summary><c>POST /api/workflow-instances/{id}/retry</c>: runs the faulted activity again, then whatever was queued behind it.</summary>
internal static class RetryInstance
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{id}/retry", HandleAsync)
            .RequireAuthorization(AuthPolicies.OperateRuns)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Retries a faulted instance from the activity that faulted");

    public static async Task<Results<Ok<InstanceState>, ProblemHttpResult>> HandleAsync(string id, IWorkflowInstanceStore instances, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var instance = await instances.FindAsync(id, cancellationToken);
        if (instance is null)
        {
            return ApiProblems.NotFound($"no workflow instance '{id}'");
        }

        if (instance.SubStatus != WorkflowSubStatus.Faulted)
        {
            return ApiProblems.Conflict($"workflow instance '{id}' is {instance.SubStatus}; only a faulted instance can be retried");
        }

        try
        {
            var result = await runtime.RetryAsync(id, CancellationToken.None);
            return TypedResults.Ok(InstanceState.From(result.Instance));
        }
        catch (InvalidOperationException ex)
        {
            // Another retry or a cancel got there first.
            return ApiProblems.Conflict(ex.Message);
        }
    }
}
