using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;

namespace Orchestrator.Api.Definitions;

/// <summary><c>GET /api/workflow-definitions/{definitionId}/versions/{version}</c>: one version with its JSON.</summary>
internal static class GetVersion
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{definitionId}/versions/{version:int}", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One version of a definition, with its Elsa 3 JSON");

    public static async Task<Ok<VersionDetails>> HandleAsync(string definitionId, int version, DefinitionCatalog catalog, CancellationToken cancellationToken)
    {
        var found = await catalog.FindVersionAsync(definitionId, version, cancellationToken);
        return TypedResults.Ok(VersionDetails.From(found, await catalog.FindPublishedAsync(definitionId, cancellationToken)));
    }
}
