using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Tasks;
using Orchestrator.Auth;
using Orchestrator.Tasks;

namespace Orchestrator.Api.Tasks;

/// <summary><c>GET /api/tasks/{id}</c>: one task with its reassignment history.</summary>
internal static class GetTask
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Gets a task");

    public static async Task<Results<Ok<HumanTask>, ProblemHttpResult>> HandleAsync(string id, ITaskStore tasks, CancellationToken cancellationToken) =>
        await tasks.FindAsync(id, cancellationToken) is { } task ? TypedResults.Ok(task) : NotFound(id);

    public static ProblemHttpResult NotFound(string id) => ApiProblems.NotFound($"no task '{id}'");

    /// <summary>The answer to acting on a task that is no longer open: its status, and when and by whom it ended.</summary>
    public static ProblemHttpResult NotActive(HumanTask task) => ApiProblems.Conflict(task.Status switch
    {
        HumanTaskStatus.Expired => $"task '{task.Id}' is expired: it passed its due time and its workflow no longer waits for it",
        _ => $"task '{task.Id}' is {task.Status}{(task.CompletedAt is { } at ? $" since {at:O}" : string.Empty)}{(task.CompletedBy is { } by ? $" (by {by})" : string.Empty)}",
    });
}
