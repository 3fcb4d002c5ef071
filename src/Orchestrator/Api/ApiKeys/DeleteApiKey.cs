using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;

namespace Orchestrator.Api.ApiKeys;

/// <summary><c>DELETE /api/api-keys/{id}</c>: the key stops working at once.</summary>
internal static class DeleteApiKey
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.Administer)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deletes an API key");

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(string id, IApiKeyStore keys, CancellationToken cancellationToken) =>
        await keys.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"no API key '{id}'");
}
