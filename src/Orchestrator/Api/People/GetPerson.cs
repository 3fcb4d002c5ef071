using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.People;

/// <summary><c>GET /api/people/{id}</c>: one person with the revision to name when replacing it.</summary>
internal static class GetPerson
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Gets a person");

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> HandleAsync(string id, IDocumentStore documents, CancellationToken cancellationToken) =>
        await PeopleEndpoints.FindAsync(documents, id, cancellationToken) is { } document
            ? TypedResults.Ok(PersonView.From(document))
            : ApiProblems.NotFound($"no person '{id}'");
}
