using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Playbooks;

namespace Orchestrator.Api.Accounts;

/// <summary><c>GET /api/accounts/{id}/playbooks</c>: the playbook runs started for the account, newest first.</summary>
internal static class ListPlaybookRuns
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id}/playbooks", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Lists the account's playbook runs");

    public static async Task<Ok<List<PlaybookRunView>>> HandleAsync(string id, PlaybookRuns runs, CancellationToken cancellationToken) =>
        TypedResults.Ok((await runs.ListAsync(id, cancellationToken)).Select(r => PlaybookRunView.From(r, started: false)).ToList());
}
