using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Api.Definitions;

/// <summary><c>GET /api/workflow-definitions/{definitionId}/export?version=</c>: the Elsa 3 JSON of a version (the latest by default) as a file.</summary>
internal static class ExportDefinition
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{definitionId}/export", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Downloads the Elsa 3 JSON of a version");

    public static async Task<FileContentHttpResult> HandleAsync(string definitionId, int? version, DefinitionCatalog catalog, CancellationToken cancellationToken)
    {
        var found = version is { } wanted
            ? await catalog.FindVersionAsync(definitionId, wanted, cancellationToken)
            : await catalog.FindLatestAsync(definitionId, cancellationToken);
        var json = WorkflowDefinitionWriter.Write(WorkflowDefinition.FromDocument(found.ToElsaJson()));
        return TypedResults.File(Encoding.UTF8.GetBytes(json), "application/json", $"{found.DefinitionId}-v{found.Version}.json");
    }
}
