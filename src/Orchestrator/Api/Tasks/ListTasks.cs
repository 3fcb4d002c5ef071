using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Storage;
using Orchestrator.Activities.Tasks;
using Orchestrator.Auth;
using Orchestrator.Tasks;

namespace Orchestrator.Api.Tasks;

/// <summary>
/// <c>GET /api/tasks</c>: the task list, ordered by due time (undated last). <c>owner=me</c> is the person the API key
/// is named after; <c>owner=alice</c> any person; <c>status</c>, <c>accountId</c>, <c>dueBefore</c> and
/// <c>instanceId</c> narrow it down.
/// </summary>
internal static class ListTasks
{
    public const int MaxLimit = 500;

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Lists tasks by owner (me or a person id), status, account and due time, soonest due first");

    public static async Task<Results<Ok<IReadOnlyList<HumanTask>>, ValidationProblem>> HandleAsync(
        HttpContext http, ITaskStore tasks, IDocumentStore documents, string? owner = null, string? status = null, string? accountId = null, DateTimeOffset? dueBefore = null, string? instanceId = null, int? limit = null)
    {
        if (status is not null && !HumanTaskStatus.All.Contains(status))
        {
            return ApiProblems.Invalid("status", $"unknown status '{status}'; expected one of {string.Join(", ", HumanTaskStatus.All)}");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return ApiProblems.Invalid("limit", $"limit must be between 1 and {MaxLimit}");
        }

        var ownerId = owner;
        if (string.Equals(owner, "me", StringComparison.OrdinalIgnoreCase))
        {
            ownerId = await TaskCaller.PersonIdAsync(http.User, documents, http.RequestAborted);
            if (ownerId is null)
            {
                return ApiProblems.Invalid("owner", $"owner=me needs an API key named after a person id; this key is named '{TaskCaller.Name(http.User)}', which is no person");
            }
        }

        return TypedResults.Ok(await tasks.ListAsync(new TaskQuery(ownerId, status, accountId, dueBefore, instanceId, limit ?? 100), http.RequestAborted));
    }
}
