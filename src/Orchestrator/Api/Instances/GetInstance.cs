using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Api.Instances;

/// <summary><c>GET /api/workflow-instances/{id}</c>: status, version, variables, input, output, bookmarks and incidents.</summary>
internal static class GetInstance
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One instance with its variables, bookmarks and incidents");

    public static async Task<Results<Ok<InstanceDetails>, ProblemHttpResult>> HandleAsync(string id, IWorkflowInstanceStore instances, CancellationToken cancellationToken) =>
        await instances.FindAsync(id, cancellationToken) is { } instance
            ? TypedResults.Ok(InstanceDetails.From(instance))
            : ApiProblems.NotFound($"no workflow instance '{id}'");
}
