using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;

namespace Orchestrator.Api.Definitions;

/// <summary><c>GET /api/workflow-definitions?search=</c>: the latest version of each definition, optionally only those whose name contains the search text.</summary>
internal static class ListDefinitions
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Lists the latest version of every definition");

    public static async Task<Ok<List<DefinitionSummary>>> HandleAsync(DefinitionCatalog catalog, string? search, CancellationToken cancellationToken)
    {
        var items = new List<DefinitionSummary>();
        foreach (var latest in await catalog.ListLatestAsync(search, cancellationToken))
        {
            var published = latest.Status == VersionStatus.Published ? latest : await catalog.FindPublishedAsync(latest.DefinitionId, cancellationToken);
            items.Add(new DefinitionSummary(latest.DefinitionId, latest.Definition.Name, latest.Version, DefinitionVersion.StatusName(latest.Status), published?.Version, latest.UpdatedAt));
        }

        return TypedResults.Ok(items);
    }
}
