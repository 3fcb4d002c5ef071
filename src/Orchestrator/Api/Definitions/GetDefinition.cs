using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;

namespace Orchestrator.Api.Definitions;

/// <summary><c>GET /api/workflow-definitions/{definitionId}</c>: the latest version with its JSON.</summary>
internal static class GetDefinition
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{definitionId}", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The latest version of a definition, with its Elsa 3 JSON");

    public static async Task<Ok<VersionDetails>> HandleAsync(string definitionId, DefinitionCatalog catalog, CancellationToken cancellationToken)
    {
        var latest = await catalog.FindLatestAsync(definitionId, cancellationToken);
        return TypedResults.Ok(VersionDetails.From(latest, await catalog.FindPublishedAsync(definitionId, cancellationToken)));
    }
}
