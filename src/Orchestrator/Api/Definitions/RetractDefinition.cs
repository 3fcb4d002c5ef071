using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;

namespace Orchestrator.Api.Definitions;

/// <summary><c>POST /api/workflow-definitions/{definitionId}/retract</c>: no version is published any more; triggers stop, running instances go on.</summary>
internal static class RetractDefinition
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{definitionId}/retract", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDefinitions)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Retracts the published version: no new runs, no triggers");

    public static async Task<Ok<VersionSummary>> HandleAsync(string definitionId, DefinitionCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(VersionSummary.From(await catalog.RetractAsync(definitionId, cancellationToken)));
}
