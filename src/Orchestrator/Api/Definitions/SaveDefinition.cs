using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;

namespace Orchestrator.Api.Definitions;

/// <summary>
/// <c>POST /api/workflow-definitions?publish=true</c> with an Elsa 3 definition as the body: version 1 of a new
/// definition, the draft overwritten, or version n+1 when the latest is published or retracted.
/// </summary>
internal static class SaveDefinition
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDefinitions)
            .Accepts<JsonObject>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Saves an Elsa 3 definition as a draft version (and publishes it with ?publish=true)");

    public static async Task<Created<SavedVersion>> HandleAsync(HttpRequest request, DefinitionCatalog catalog, bool? publish, CancellationToken cancellationToken)
    {
        var definition = await ElsaJsonBody.ReadAsync(request, cancellationToken);
        var saved = SavedVersion.From(await catalog.SaveAsync(definition, publish == true, note: null, cancellationToken));
        return TypedResults.Created(saved.Location, saved);
    }
}
