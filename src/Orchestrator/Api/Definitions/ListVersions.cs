using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;

namespace Orchestrator.Api.Definitions;

/// <summary><c>GET /api/workflow-definitions/{definitionId}/versions</c>: every version, oldest first.</summary>
internal static class ListVersions
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{definitionId}/versions", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every version of a definition, oldest first");

    public static async Task<Ok<List<VersionSummary>>> HandleAsync(string definitionId, DefinitionCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok((await catalog.ListVersionsAsync(definitionId, cancellationToken)).Select(VersionSummary.From).ToList());
}
