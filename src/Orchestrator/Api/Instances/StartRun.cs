using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Engine.Values;

namespace Orchestrator.Api.Instances;

/// <summary>The workflow input (by name) and an optional correlation id.</summary>
internal sealed record StartRunRequest(JsonObject? Input, string? CorrelationId);

internal sealed record RunAccepted(string InstanceId);

/// <summary><c>POST /api/workflow-definitions/{definitionId}/runs</c>: starts an instance of the published version.</summary>
internal static class StartRun
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/workflow-definitions/{definitionId}/runs", HandleAsync)
            .RequireAuthorization(AuthPolicies.OperateRuns)
            .WithTags("Workflow instances")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Starts a run of the published version");

    public static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult>> HandleAsync(
        string definitionId,
        StartRunRequest? request,
        DefinitionCatalog catalog,
        WorkflowRuntime runtime,
        CancellationToken cancellationToken)
    {
        var published = await catalog.FindPublishedAsync(definitionId, cancellationToken);
        if (published is null)
        {
            await catalog.FindLatestAsync(definitionId, cancellationToken); // an unknown definition is a 404, not a 409
            return ApiProblems.Conflict($"workflow definition '{definitionId}' has no published version; publish one to start runs");
        }

        var input = request?.Input?.ToDictionary(p => p.Key, p => ValueModel.FromJsonNode(p.Value?.DeepClone()), StringComparer.OrdinalIgnoreCase);

        // A burst, once begun, is finished and committed whether or not the caller still listens.
        var result = await runtime.StartAsync(published.Definition, new StartWorkflowRequest { Input = input, CorrelationId = request?.CorrelationId }, CancellationToken.None);
        return TypedResults.Accepted($"/api/workflow-instances/{result.Instance.Id}", new RunAccepted(result.Instance.Id));
    }
}
