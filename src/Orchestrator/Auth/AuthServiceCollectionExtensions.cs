using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.Auth;

internal static class AuthServiceCollectionExtensions
{
    private const string SelectingScheme = "ApiKeyOrCookie";

    /// <summary>API-key and session-cookie authentication, one policy per role group, and a fallback that closes any endpoint that forgot its policy.</summary>
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(
                o => o.BootstrapApiKey is not { Length: > 0 and < AuthOptions.MinimumBootstrapKeyLength },
                $"{AuthOptions.Section}:BootstrapApiKey must be at least {AuthOptions.MinimumBootstrapKeyLength} characters")
            .Validate(
                o => o.BootstrapAdmin is not { Password: { Length: > 0 and < AuthOptions.MinimumBootstrapKeyLength } },
                $"{AuthOptions.Section}:BootstrapAdmin:Password must be at least {AuthOptions.MinimumBootstrapKeyLength} characters")
            .ValidateOnStart();
        services.TryAddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
        services.TryAddSingleton<UserDirectory>();

        // One default scheme picks per request: the session cookie when it is sent without an API key, the API key
        // otherwise, so API clients see the same answers as before and a 401 still names X-Api-Key.
        services.AddAuthentication(SelectingScheme)
            .AddPolicyScheme(SelectingScheme, null, o => o.ForwardDefaultSelector = context =>
                !context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) && context.Request.Cookies.ContainsKey(CookieAuth.CookieName)
                    ? CookieAuth.SchemeName
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieAuth.SchemeName, CookieAuth.Configure);

        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (policy, roles) in AuthPolicies.RolesByPolicy)
        {
            authorization.AddPolicy(policy, p => p.RequireRole(roles));
        }

        return services;
    }
}
