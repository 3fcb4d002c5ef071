using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Tasks;
using Orchestrator.Api.Stimuli;
using Orchestrator.Auth;
using Orchestrator.Stimuli;
using Orchestrator.Tasks;

namespace Orchestrator.Api.Tasks;

internal sealed record CancelTaskBody(string? Comment);

/// <summary><c>POST /api/tasks/{id}/cancel</c>: the task is not needed any more; its activity ends with <c>Cancelled</c>.</summary>
internal static class CancelTask
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{id}/cancel", HandleAsync)
            .RequireAuthorization(AuthPolicies.WorkTasks)
            .WithSummary("Cancels an open task");

    public static async Task<Results<Accepted<StimulusAccepted>, ProblemHttpResult>> HandleAsync(string id, CancelTaskBody? request, HttpContext http, ITaskStore tasks, StimulusProcessor processor)
    {
        var task = await tasks.FindAsync(id, http.RequestAborted);
        if (task is null)
        {
            return GetTask.NotFound(id);
        }

        return !task.IsActive
            ? GetTask.NotActive(task)
            : await TaskActions.SendAsync(processor, task, TaskStimulus.Input(TaskStimulus.Cancel, TaskCaller.Name(http.User), request?.Comment), TaskActions.Closing);
    }
}
