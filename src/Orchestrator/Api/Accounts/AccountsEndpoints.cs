using System.Text.Json.Nodes;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Api.Accounts;

/// <summary>
/// An account as the API shows it: the stored document's fields, what its segment gets (<c>segmentPolicy</c>), and its
/// revision for conditional writes.
/// </summary>
internal static class AccountView
{
    public static JsonObject From(StoredDocument document)
    {
        var view = (JsonObject)document.Body.DeepClone();
        if (SegmentPolicies.For((view["segment"] as JsonValue)?.TryGetValue<string>(out var segment) == true ? segment : null) is { } policy)
        {
            view["segmentPolicy"] = new JsonObject
            {
                ["csmModel"] = policy.CsmModel,
                ["checkIns"] = policy.CheckIns,
                ["reviews"] = policy.Reviews,
                ["beds"] = policy.Beds,
            };
        }

        view["revision"] = document.Revision;
        view["updatedAt"] = document.UpdatedAt;
        return view;
    }
}

/// <summary>
/// The account routes under <c>/api/accounts</c>: read by every role, written by admins, process owners and CSMs;
/// playbooks started per account by admins and CSMs.
/// </summary>
internal static class AccountsEndpoints
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/accounts").WithTags("Accounts").RequiresApiKey();
        ListAccounts.Map(group);
        ListSegments.Map(group);
        GetAccount.Map(group);
        CreateAccount.Map(group);
        PutAccount.Map(group);
        DeleteAccount.Map(group);
        StartPlaybook.Map(group);
        ListPlaybookRuns.Map(group);
        GetAccountProgress.Map(group);
        return app;
    }

    public static async ValueTask<StoredDocument?> FindAsync(IDocumentStore documents, string id, CancellationToken cancellationToken) =>
        await documents.GetAsync(AccountDocuments.Kind, id, cancellationToken);
}
