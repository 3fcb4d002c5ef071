using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Accounts;

/// <summary><c>GET /api/accounts</c>: every account by id; <c>?segment=</c>, <c>?region=</c> and <c>?csm=</c> narrow it.</summary>
internal static class ListAccounts
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesValidationProblem()
            .WithSummary("Lists accounts");

    public static async Task<Results<Ok<List<JsonObject>>, ValidationProblem>> HandleAsync(IDocumentStore documents, string? segment, string? region, string? csm, CancellationToken cancellationToken)
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
        return TypedResults.Ok(accounts);
    }
}
