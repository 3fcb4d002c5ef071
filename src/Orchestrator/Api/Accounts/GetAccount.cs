using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Accounts;

/// <summary><c>GET /api/accounts/{id}</c>: one account with the revision to name when replacing it.</summary>
internal static class GetAccount
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Gets an account")
            .WithDescription("The stored account with its revision and segmentPolicy: what its segment gets (csmModel, checkIns, reviews) and the segment's bed range (beds, e.g. 500+).");

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> HandleAsync(string id, IDocumentStore documents, CancellationToken cancellationToken) =>
        await AccountsEndpoints.FindAsync(documents, id, cancellationToken) is { } document
            ? TypedResults.Ok(AccountView.From(document))
            : ApiProblems.NotFound($"no account '{id}'");
}
