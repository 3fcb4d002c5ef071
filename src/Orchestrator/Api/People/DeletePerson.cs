using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.People;

/// <summary><c>DELETE /api/people/{id}</c>: the person is no longer resolved by any target.</summary>
internal static class DeletePerson
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDirectory)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deletes a person");

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(string id, IDocumentStore documents, CancellationToken cancellationToken) =>
        await documents.DeleteAsync(PersonDocuments.Kind, id, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"no person '{id}'");
}
