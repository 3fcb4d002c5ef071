using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Definitions;

namespace Orchestrator.Api.Definitions;

/// <summary>Which version to publish (the latest when omitted) and why.</summary>
internal sealed record PublishDefinitionRequest(int? Version, string? Note);

/// <summary>
/// <c>POST /api/workflow-definitions/{definitionId}/publish</c>: the version becomes the one new runs and triggers use.
/// A version that does not compile cleanly is refused with its errors.
/// </summary>
internal static class PublishDefinition
{
    public const int MaxNoteLength = 2000;

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{definitionId}/publish", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDefinitions)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Publishes a version (the latest by default) and re-indexes its triggers");

    public static async Task<Results<Ok<VersionSummary>, ValidationProblem>> HandleAsync(
        string definitionId,
        PublishDefinitionRequest? request,
        DefinitionCatalog catalog,
        CancellationToken cancellationToken)
    {
        if (request?.Version is < 1)
        {
            return ApiProblems.Invalid("version", "version must be 1 or more");
        }

        if (request?.Note is { Length: > MaxNoteLength })
        {
            return ApiProblems.Invalid("note", $"note must be at most {MaxNoteLength} characters");
        }

        var published = await catalog.PublishAsync(definitionId, request?.Version, request?.Note, cancellationToken);
        return TypedResults.Ok(VersionSummary.From(published));
    }
}
