using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;

namespace Orchestrator.Api.ApiKeys;

internal sealed record CreateApiKeyRequest(string? Name, IReadOnlyList<string>? Roles);

/// <summary>The new key: <c>key</c> is shown this once and stored only as a hash.</summary>
internal sealed record CreatedApiKey(string Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, string Key);

/// <summary><c>POST /api/api-keys</c>: creates a key with a name and roles.</summary>
internal static class CreateApiKey
{
    public const int MaxNameLength = 100;

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.Administer)
            .WithSummary("Creates an API key; the key is in the response and nowhere else");

    public static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> HandleAsync(CreateApiKeyRequest request, IApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors["name"] = [$"name is required, at most {MaxNameLength} characters"];
        }

        var roles = (request.Roles ?? []).Select(r => r?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        var unknown = roles.Where(r => !Roles.All.Contains(r, StringComparer.Ordinal)).ToList();
        if (roles.Count == 0)
        {
            errors["roles"] = [$"at least one role is required: {string.Join(", ", Roles.All)}"];
        }
        else if (unknown.Count > 0)
        {
            errors["roles"] = [$"unknown role(s): {string.Join(", ", unknown.Select(r => $"'{r}'"))}; known roles are {string.Join(", ", Roles.All)}"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.Values.SelectMany(e => e)));
        }

        var now = time.GetUtcNow();
        var secret = ApiKeySecret.Generate();
        var key = new ApiKey(Guid.CreateVersion7(now).ToString("N"), name!, roles, ApiKeySecret.Hash(secret), now);
        await keys.AddAsync(key, cancellationToken);
        return TypedResults.Created($"/api/api-keys/{key.Id}", new CreatedApiKey(key.Id, key.Name, key.Roles, key.CreatedAt, secret));
    }
}
