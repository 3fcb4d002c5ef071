using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Storage;
using Orchestrator.Activities.Tasks;
using Orchestrator.Api.Stimuli;
using Orchestrator.Auth;
using Orchestrator.Stimuli;
using Orchestrator.Tasks;

namespace Orchestrator.Api.Tasks;

internal sealed record ReassignTaskBody(string? PersonId, string? Comment);

/// <summary><c>POST /api/tasks/{id}/reassign</c>: gives an open task to another person, who is told; the move is kept in the task's history.</summary>
internal static class ReassignTask
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{id}/reassign", HandleAsync)
            .RequireAuthorization(AuthPolicies.WorkTasks)
            .WithSummary("Reassigns an open task to a person");

    public static async Task<Results<Accepted<StimulusAccepted>, ProblemHttpResult, ValidationProblem>> HandleAsync(
        string id, ReassignTaskBody? request, HttpContext http, ITaskStore tasks, IDocumentStore documents, StimulusProcessor processor)
    {
        var personId = request?.PersonId?.Trim();
        if (string.IsNullOrEmpty(personId))
        {
            return ApiProblems.Invalid("personId", "personId is required: the id of the person who takes the task over");
        }

        var task = await tasks.FindAsync(id, http.RequestAborted);
        if (task is null)
        {
            return GetTask.NotFound(id);
        }

        if (!task.IsActive)
        {
            return GetTask.NotActive(task);
        }

        if (await documents.GetAsync("person", personId, http.RequestAborted) is null)
        {
            return ApiProblems.Invalid("personId", $"no person '{personId}'");
        }

        if (personId == task.OwnerPersonId)
        {
            return ApiProblems.Conflict($"task '{id}' already belongs to '{personId}'");
        }

        return await TaskActions.SendAsync(processor, task, TaskStimulus.Input(TaskStimulus.Reassign, TaskCaller.Name(http.User), request?.Comment, personId), dedupeKey: null);
    }
}
