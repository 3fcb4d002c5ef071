using Orchestrator.Auth;

namespace Orchestrator.Api.ApiKeys;

/// <summary>An API key as listed: never its secret.</summary>
internal sealed record ApiKeyView(string Id, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt)
{
    public static ApiKeyView From(ApiKey key) => new(key.Id, key.Name, key.Roles, key.CreatedAt);
}
