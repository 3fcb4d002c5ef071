using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Stimuli;

namespace Orchestrator.Api.Stimuli;

internal sealed record CompleteTaskRequest(JsonNode? Result);

/// <summary>
/// The completion of an <c>Elsa.RunTask</c>: resumes the run waiting on the task, once per task id. Reached through
/// <c>POST /api/tasks/{taskId}/complete</c> when the id names no human task (see <c>Api/Tasks/CompleteHumanTask</c>).
/// </summary>
internal static class CompleteTask
{
    public static async Task<Results<Accepted<StimulusAccepted>, ValidationProblem>> HandleAsync(string taskId, CompleteTaskRequest? request, StimulusProcessor processor)
    {
        if (taskId.Length > PublishEvent.MaxKeyLength)
        {
            return ApiProblems.Invalid("taskId", $"the task id must be at most {PublishEvent.MaxKeyLength} characters");
        }

        var receipt = await processor.AcceptAsync(StimulusKind.TaskCompletion, taskId, correlationId: null, request?.Result, dedupeKey: null);
        return TypedResults.Accepted((string?)null, StimulusAccepted.From(receipt));
    }
}
