using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.Auth;

internal static class AuthServiceCollectionExtensions
{
    /// <summary>API-key authentication, one policy per role group, and a fallback that closes any endpoint that forgot its policy.</summary>
    public static IServiceCollection AddApiKeyAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(
                o => o.BootstrapApiKey is not { Length: > 0 and < AuthOptions.MinimumBootstrapKeyLength },
                $"{AuthOptions.Section}:BootstrapApiKey must be at least {AuthOptions.MinimumBootstrapKeyLength} characters")
            .ValidateOnStart();
        services.TryAddSingleton<IApiKeyStore, InMemoryApiKeyStore>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        foreach (var (policy, roles) in AuthPolicies.RolesByPolicy)
        {
            authorization.AddPolicy(policy, p => p.RequireRole(roles));
        }

        return services;
    }
}
