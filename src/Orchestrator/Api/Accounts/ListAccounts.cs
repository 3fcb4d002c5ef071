using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;
using Orchestrator.Activities.Tasks;
using Orchestrator.Auth;
using Orchestrator.Tasks;

namespace Orchestrator.Api.Accounts;

/// <summary>
/// <c>GET /api/accounts</c>: every account by id; <c>?segment=</c>, <c>?region=</c> and <c>?csm=</c> narrow it.
/// <c>?taskCounts=true</c> adds <c>openTasks</c> and <c>overdueTasks</c> to each account (two queries for the whole list).
/// </summary>
internal static class ListAccounts
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesValidationProblem()
            .WithSummary("Lists accounts")
            .WithDescription("Accounts by id, each with its segmentPolicy (csmModel, checkIns, reviews, beds). ?segment=, ?region= and ?csm= narrow the list; ?taskCounts=true adds openTasks and overdueTasks.");

    public static async Task<Results<Ok<List<JsonObject>>, ValidationProblem>> HandleAsync(IDocumentStore documents, ITaskStore tasks, string? segment, string? region, string? csm, bool? taskCounts, CancellationToken cancellationToken)
    {
        var wantedSegment = segment is null ? null : AccountSegments.Normalise(segment);
        if (segment is not null && wantedSegment is null)
        {
            return ApiProblems.Invalid("segment", $"'{segment}' is not a segment; expected one of {string.Join(", ", AccountSegments.All)}");
        }

        var all = await documents.ListAsync(AccountDocuments.Kind, cancellationToken);
        var accounts = all
            .Select(d => (Document: d, Account: AccountDocuments.FromBody(d.Body)))
            .Where(a => a.Account is not null)
            .Where(a => wantedSegment is null || a.Account!.Segment == wantedSegment)
            .Where(a => region is null || string.Equals(a.Account!.Region, region, StringComparison.OrdinalIgnoreCase))
            .Where(a => csm is null || a.Account!.CsmId == csm)
            .OrderBy(a => a.Document.Id, StringComparer.Ordinal)
            .Select(a => AccountView.From(a.Document))
            .ToList();
        if (taskCounts == true)
        {
            var open = await CountByAccountAsync(tasks, HumanTaskStatus.Open, cancellationToken);
            var overdue = await CountByAccountAsync(tasks, HumanTaskStatus.Overdue, cancellationToken);
            foreach (var account in accounts)
            {
                var accountId = account["id"]!.GetValue<string>();
                account["openTasks"] = open.GetValueOrDefault(accountId);
                account["overdueTasks"] = overdue.GetValueOrDefault(accountId);
            }
        }

        return TypedResults.Ok(accounts);
    }

    private static async ValueTask<Dictionary<string, int>> CountByAccountAsync(ITaskStore tasks, string status, CancellationToken cancellationToken) =>
        (await tasks.ListAsync(new TaskQuery(Status: status, Limit: 100_000), cancellationToken))
            .Where(t => t.AccountId is not null)
            .GroupBy(t => t.AccountId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
