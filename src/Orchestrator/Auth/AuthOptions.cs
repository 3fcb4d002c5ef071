namespace Orchestrator.Auth;

/// <summary>Configuration section <c>Orchestrator:Auth</c> (environment: <c>Orchestrator__Auth__...</c>).</summary>
internal sealed class AuthOptions
{
    public const string Section = "Orchestrator:Auth";

    public const int MinimumBootstrapKeyLength = 16;

    /// <summary>An admin key that works without being stored, to create the first real keys. Unset: no such key.</summary>
    public string? BootstrapApiKey { get; set; }

    /// <summary>An admin who can sign in to the designer without being stored, to create the first users. Unset: none.</summary>
    public BootstrapAdminOptions? BootstrapAdmin { get; set; }
}

/// <summary><c>Orchestrator:Auth:BootstrapAdmin:User</c> and <c>:Password</c>.</summary>
internal sealed class BootstrapAdminOptions
{
    public string? User { get; set; }

    public string? Password { get; set; }
}
