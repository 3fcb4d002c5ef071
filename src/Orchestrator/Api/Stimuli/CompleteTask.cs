using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Stimuli;

namespace Orchestrator.Api.Stimuli;

internal sealed record CompleteTaskRequest(JsonNode? Result);

/// <summary><c>POST /api/tasks/{taskId}/complete</c>: resumes the run waiting on the task, once per task id.</summary>
internal static class CompleteTask
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/tasks/{taskId}/complete", HandleAsync)
            .RequireAuthorization(AuthPolicies.OperateRuns)
            .WithSummary("Completes a task (an Elsa.RunTask bookmark's key) with a result; repeats are ignored");

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
