using System.Text.Json.Nodes;

namespace Orchestrator.Auth;

/// <summary>A local user who signs in to the designer: a name, roles and a password hash, kept as a <c>user</c> document.</summary>
internal sealed record UserAccount(string Name, IReadOnlyList<string> Roles, string PasswordHash, DateTimeOffset? CreatedAt)
{
    public const string DocumentKind = "user";

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["roles"] = new JsonArray([.. Roles.Select(r => (JsonNode?)JsonValue.Create(r))]),
        ["passwordHash"] = PasswordHash,
        ["createdAt"] = CreatedAt,
    };

    public static UserAccount FromJson(JsonObject body) => new(
        body["name"]?.GetValue<string>() ?? string.Empty,
        [.. (body["roles"] as JsonArray ?? []).Select(r => r?.GetValue<string>()).OfType<string>()],
        body["passwordHash"]?.GetValue<string>() ?? string.Empty,
        body["createdAt"]?.GetValue<DateTimeOffset>());

    /// <summary>User names are compared without case: the document id is the lowercase name.</summary>
    public static string IdFor(string name) => name.Trim().ToLowerInvariant();
}
