using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;

namespace Orchestrator.Api.Definitions;

internal sealed record RevertDefinitionRequest(int Version);

/// <summary><c>POST /api/workflow-definitions/{definitionId}/revert</c>: a copy of an earlier version becomes the next version, as a draft.</summary>
internal static class RevertDefinition
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{definitionId}/revert", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDefinitions)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Copies an earlier version forward as a new draft version");

    public static async Task<Results<Created<SavedVersion>, ValidationProblem>> HandleAsync(
        string definitionId,
        RevertDefinitionRequest request,
        DefinitionCatalog catalog,
        CancellationToken cancellationToken)
    {
        if (request.Version < 1)
        {
            return ApiProblems.Invalid("version", "version must be 1 or more");
        }

        var saved = SavedVersion.From(await catalog.RevertAsync(definitionId, request.Version, cancellationToken));
        return TypedResults.Created(saved.Location, saved);
    }
}
