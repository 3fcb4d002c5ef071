using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Auth;

/// <summary>
/// Local users in the document store, passwords hashed with ASP.NET Core's <see cref="PasswordHasher{TUser}"/>
/// (PBKDF2, salted, versioned). The configured bootstrap admin is never stored: it signs in while it is configured.
/// </summary>
internal sealed class UserDirectory(IDocumentStore documents, IOptions<AuthOptions> options, TimeProvider time)
{
    public const string BootstrapUserMarker = "bootstrap";

    private readonly PasswordHasher<UserAccount> _hasher = new();

    public async ValueTask<UserAccount?> FindAsync(string name, CancellationToken cancellationToken)
    {
        if (IsBootstrap(name))
        {
            return BootstrapAccount();
        }

        var stored = await documents.GetAsync(UserAccount.DocumentKind, UserAccount.IdFor(name), cancellationToken);
        return stored is null ? null : UserAccount.FromJson(stored.Body);
    }

    /// <summary>The account when the name and password match, otherwise null (one answer for both, so names cannot be probed).</summary>
    public async ValueTask<UserAccount?> VerifyAsync(string name, string password, CancellationToken cancellationToken)
    {
        if (IsBootstrap(name))
        {
            var configured = options.Value.BootstrapAdmin!.Password!;
            return ApiKeySecret.HashesEqual(ApiKeySecret.Hash(configured), ApiKeySecret.Hash(password)) ? BootstrapAccount() : null;
        }

        var account = await FindAsync(name, cancellationToken);
        if (account is null)
        {
            return null;
        }

        var result = _hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account = account with { PasswordHash = _hasher.HashPassword(account, password) };
            await documents.PutAsync(UserAccount.DocumentKind, UserAccount.IdFor(account.Name), account.ToJson(), cancellationToken: cancellationToken);
        }

        return result == PasswordVerificationResult.Failed ? null : account;
    }

    public async ValueTask<IReadOnlyList<UserAccount>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await documents.ListAsync(UserAccount.DocumentKind, cancellationToken)).Select(d => UserAccount.FromJson(d.Body))];

    /// <summary>Creates a user; <see cref="DocumentConflictException"/> when the name is taken.</summary>
    public async ValueTask<UserAccount> CreateAsync(string name, string password, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        var account = new UserAccount(name.Trim(), roles, string.Empty, time.GetUtcNow());
        account = account with { PasswordHash = _hasher.HashPassword(account, password) };
        await documents.PutAsync(UserAccount.DocumentKind, UserAccount.IdFor(name), account.ToJson(), expectedRevision: 0, cancellationToken);
        return account;
    }

    /// <summary>Changes a stored user's roles and/or password; null when there is no such user.</summary>
    public async ValueTask<UserAccount?> UpdateAsync(string name, string? password, IReadOnlyList<string>? roles, CancellationToken cancellationToken)
    {
        var stored = await documents.GetAsync(UserAccount.DocumentKind, UserAccount.IdFor(name), cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var account = UserAccount.FromJson(stored.Body);
        if (roles is not null)
        {
            account = account with { Roles = roles };
        }

        if (password is not null)
        {
            account = account with { PasswordHash = _hasher.HashPassword(account, password) };
        }

        await documents.PutAsync(UserAccount.DocumentKind, UserAccount.IdFor(name), account.ToJson(), stored.Revision, cancellationToken);
        return account;
    }

    public ValueTask<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        documents.DeleteAsync(UserAccount.DocumentKind, UserAccount.IdFor(name), cancellationToken);

    public bool IsBootstrap(string name) =>
        options.Value.BootstrapAdmin is { User: { Length: > 0 } user, Password: { Length: > 0 } }
        && string.Equals(user.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase);

    private UserAccount BootstrapAccount() => new(options.Value.BootstrapAdmin!.User!.Trim(), [Roles.Admin], BootstrapUserMarker, null);
}
