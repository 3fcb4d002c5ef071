using System.Security.Claims;
using System.Text.Json.Nodes;
using Orchestrator.Auth;

namespace Orchestrator.Api.Escalations;

/// <summary>
/// Who may answer for a responder: a key with the admin, csm or incident-commander role (for anyone, naming them in
/// <c>by</c>), or the responder's own key: an API key named <c>person:&lt;personId&gt;</c>, which answers only for that person.
/// </summary>
internal static class Responder
{
    public const string OwnKeyPrefix = "person:";

    private static readonly string[] ActingRoles = [Roles.Admin, Roles.Csm, Roles.IncidentCommander];

    /// <summary>The person answering, or the problem to send back (401 without a key, 403 for another role or person).</summary>
    public static (string? By, IResult? Problem) Decide(HttpContext http, string? requestedBy)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            http.Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
            return (null, TypedResults.Problem("this needs an API key in the X-Api-Key header, or a signed link", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized"));
        }

        var keyName = user.FindFirst(ClaimTypes.Name)?.Value ?? string.Empty;
        if (ActingRoles.Any(user.IsInRole))
        {
            var by = string.IsNullOrWhiteSpace(requestedBy) ? (keyName.StartsWith(OwnKeyPrefix, StringComparison.Ordinal) ? keyName[OwnKeyPrefix.Length..] : keyName) : requestedBy.Trim();
            return (by, null);
        }

        if (keyName.StartsWith(OwnKeyPrefix, StringComparison.Ordinal) && keyName.Length > OwnKeyPrefix.Length)
        {
            var own = keyName[OwnKeyPrefix.Length..];
            return string.IsNullOrWhiteSpace(requestedBy) || requestedBy.Trim() == own
                ? (own, null)
                : (null, Forbidden($"the key of {own} cannot answer for {requestedBy}"));
        }

        return (null, Forbidden($"this needs one of the roles {string.Join(", ", ActingRoles)}, or the responder's own key (named {OwnKeyPrefix}<personId>)"));
    }

    /// <summary><c>by</c> from the query, else from a JSON body <c>{"by": ...}</c>.</summary>
    public static async Task<string?> RequestedByAsync(HttpContext http, string? queryBy)
    {
        if (!string.IsNullOrWhiteSpace(queryBy) || !HttpMethods.IsPost(http.Request.Method) || !http.Request.HasJsonContentType())
        {
            return queryBy;
        }

        var body = await http.Request.ReadFromJsonAsync<JsonNode>(http.RequestAborted);
        return body?["by"] is JsonValue value && value.TryGetValue<string>(out var by) ? by : null;
    }

    public static IResult Forbidden(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
}
