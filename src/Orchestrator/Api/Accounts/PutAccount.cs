using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Accounts;

/// <summary>
/// <c>PUT /api/accounts/{id}</c>: creates (201) or replaces (200) an account. With <c>revision</c> the write only succeeds
/// against that stored revision (0 = must not exist yet).
/// </summary>
internal static class PutAccount
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPut("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageAccounts)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Creates or replaces an account")
            .WithDescription(AccountValidation.SegmentRules);

    public static async Task<Results<Created<JsonObject>, Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, AccountRequest request, IDocumentStore documents, CancellationToken cancellationToken)
    {
        if (request.Id is { } bodyId && !string.Equals(bodyId.Trim(), id, StringComparison.Ordinal) && bodyId.Trim().Length > 0)
        {
            return ApiProblems.Invalid("id", $"the body names account '{bodyId}' but the route names '{id}'");
        }

        var (account, errors) = await AccountValidation.ValidateAsync(id, request, documents, cancellationToken);
        if (account is null)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
        }

        var existed = request.Revision is not 0 && await AccountsEndpoints.FindAsync(documents, id, cancellationToken) is not null;
        try
        {
            var stored = await documents.PutAsync(AccountDocuments.Kind, id, AccountDocuments.ToBody(account), request.Revision, cancellationToken);
            return existed ? TypedResults.Ok(AccountView.From(stored)) : TypedResults.Created($"/api/accounts/{id}", AccountView.From(stored));
        }
        catch (DocumentConflictException ex)
        {
            return ApiProblems.Conflict($"account '{id}' is at revision {ex.ActualRevision}, not {request.Revision}; read it again and retry");
        }
    }
}
