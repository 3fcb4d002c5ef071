using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;

namespace Orchestrator.Api.ApiKeys;

/// <summary><c>GET /api/api-keys</c>: every stored key without its secret (the bootstrap key is configuration, not listed).</summary>
internal static class ListApiKeys
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.Administer)
            .WithSummary("Lists the API keys (names and roles, never secrets)");

    public static async Task<Ok<List<ApiKeyView>>> HandleAsync(IApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(cancellationToken)).Select(ApiKeyView.From).ToList());
}
