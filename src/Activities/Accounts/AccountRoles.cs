using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Accounts;

/// <summary>
/// Roles on an account, read from its document at the moment of resolving, so changing an account's CSM reroutes the
/// tasks and notices assigned after the change.
/// </summary>
internal sealed class AccountRoles(IDocumentStore documents) : IAccountRoles
{
    public async ValueTask<IReadOnlyList<string>?> FindHoldersAsync(string accountId, string role, CancellationToken cancellationToken = default)
    {
        if (await documents.GetAccountAsync(accountId, cancellationToken) is not { } account)
        {
            return null;
        }

        var holder = account.Roles.FirstOrDefault(r => string.Equals(r.Key, role, StringComparison.OrdinalIgnoreCase)).Value;
        return string.IsNullOrWhiteSpace(holder) ? [] : [holder];
    }
}
