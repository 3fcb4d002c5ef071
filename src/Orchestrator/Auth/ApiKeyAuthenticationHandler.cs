using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Orchestrator.Auth;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the stored key hashes (and the bootstrap key), giving the
/// caller the key's roles. Challenges and refusals are answered as problem details.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IApiKeyStore keys,
    IOptions<AuthOptions> auth,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string BootstrapKeyId = "bootstrap";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count > 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            return AuthenticateResult.Fail($"send exactly one API key in the {HeaderName} header");
        }

        var hash = ApiKeySecret.Hash(values[0]!);
        if (auth.Value.BootstrapApiKey is { Length: > 0 } bootstrap && ApiKeySecret.HashesEqual(ApiKeySecret.Hash(bootstrap), hash))
        {
            return Success(BootstrapKeyId, "bootstrap", [Roles.Admin]);
        }

        return await keys.FindByHashAsync(hash, Context.RequestAborted) is { } key
            ? Success(key.Id, key.Name, key.Roles)
            : AuthenticateResult.Fail("the API key is not valid");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await WriteProblemAsync("Unauthorized", result.Failure?.Message ?? $"this endpoint needs an API key in the {HeaderName} header");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(a => a.Policy is { } policy && AuthPolicies.RolesByPolicy.TryGetValue(policy, out var roles) ? roles : null)
            .OfType<IReadOnlyList<string>>()
            .FirstOrDefault();
        var held = Context.User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        var detail = needed is null
            ? "the API key's roles do not allow this"
            : $"this needs one of the roles {string.Join(", ", needed)}; the API key has {(held.Count == 0 ? "none" : string.Join(", ", held))}";
        await WriteProblemAsync("Forbidden", detail);
    }

    private static AuthenticateResult Success(string id, string name, IEnumerable<string> roles)
    {
        Claim[] identity = [new(ClaimTypes.NameIdentifier, id), new(ClaimTypes.Name, name)];
        var principal = new ClaimsPrincipal(new ClaimsIdentity([.. identity, .. roles.Select(r => new Claim(ClaimTypes.Role, r))], SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private async Task WriteProblemAsync(string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = Response.StatusCode, Title = title, Detail = detail },
        });
}
