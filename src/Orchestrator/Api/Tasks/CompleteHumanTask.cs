using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Tasks;
using Orchestrator.Api.Stimuli;
using Orchestrator.Auth;
using Orchestrator.Stimuli;
using Orchestrator.Tasks;

namespace Orchestrator.Api.Tasks;

/// <summary>A completion: the owner's comment, and a result for <c>Elsa.RunTask</c> tasks.</summary>
internal sealed record CompleteTaskBody(string? Comment, JsonNode? Result);

/// <summary>
/// <c>POST /api/tasks/{id}/complete</c>: completes a human task through the stimulus inbox (stored first, then
/// delivered; 202). A task that is no longer open is a 409 naming its status. An id that names no human task is taken
/// as an <c>Elsa.RunTask</c> completion, as before the task inbox existed.
/// </summary>
internal static class CompleteHumanTask
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{id}/complete", HandleAsync)
            .RequireAuthorization(AuthPolicies.WorkTasks)
            .WithSummary("Completes a task with a comment (or an Elsa.RunTask task with a result)");

    public static async Task<Results<Accepted<StimulusAccepted>, ProblemHttpResult, ValidationProblem>> HandleAsync(
        string id, CompleteTaskBody? request, HttpContext http, ITaskStore tasks, StimulusProcessor processor)
    {
        var task = await tasks.FindAsync(id, http.RequestAborted);
        if (task is null)
        {
            return await CompleteTask.HandleAsync(id, new CompleteTaskRequest(request?.Result), processor) switch
            {
                { Result: Accepted<StimulusAccepted> accepted } => accepted,
                { Result: ValidationProblem invalid } => invalid,
                var other => throw new InvalidOperationException($"unexpected answer {other.Result}"),
            };
        }

        return !task.IsActive
            ? GetTask.NotActive(task)
            : await TaskActions.SendAsync(processor, task, TaskStimulus.Input(TaskStimulus.Complete, TaskCaller.Name(http.User), request?.Comment), TaskActions.Closing);
    }
}

internal static class TaskActions
{
    /// <summary>Completing and cancelling share a dedupe key: whichever reaches the inbox first closes the task.</summary>
    public const string Closing = "close";

    public static async Task<Accepted<StimulusAccepted>> SendAsync(StimulusProcessor processor, HumanTask task, JsonObject input, string? dedupeKey)
    {
        var receipt = await processor.AcceptAsync(StimulusKind.Bookmark, TaskStimulus.Name, correlationId: null, input, dedupeKey, bookmarkKey: task.Id);
        return TypedResults.Accepted($"/api/tasks/{task.Id}", StimulusAccepted.From(receipt));
    }
}
