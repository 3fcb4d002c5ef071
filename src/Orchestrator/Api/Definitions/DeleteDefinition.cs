using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;

namespace Orchestrator.Api.Definitions;

/// <summary><c>DELETE /api/workflow-definitions/{definitionId}</c>: every version and its triggers; refused while instances still need it.</summary>
internal static class DeleteDefinition
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/{definitionId}", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDefinitions)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Deletes a definition with all its versions");

    public static async Task<NoContent> HandleAsync(string definitionId, DefinitionCatalog catalog, CancellationToken cancellationToken)
    {
        await catalog.DeleteAsync(definitionId, cancellationToken);
        return TypedResults.NoContent();
    }
}
