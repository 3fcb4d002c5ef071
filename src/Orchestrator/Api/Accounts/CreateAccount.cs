using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Accounts;

/// <summary><c>POST /api/accounts</c>: creates an account; the id is the body's <c>id</c> or made from the customer name. 409 when it exists.</summary>
internal static class CreateAccount
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageAccounts)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Creates an account")
            .WithDescription(AccountValidation.SegmentRules);

    public static async Task<Results<Created<JsonObject>, ValidationProblem, ProblemHttpResult>> HandleAsync(AccountRequest request, IDocumentStore documents, CancellationToken cancellationToken)
    {
        var id = request.Id?.Trim() is { Length: > 0 } given ? given : AccountValidation.Slug(request.Customer ?? string.Empty);
        if (id.Length == 0)
        {
            return ApiProblems.Invalid("customer", "customer is required");
        }

        var (account, errors) = await AccountValidation.ValidateAsync(id, request, documents, cancellationToken);
        if (account is null)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
        }

        try
        {
            var stored = await documents.PutAsync(AccountDocuments.Kind, id, AccountDocuments.ToBody(account), expectedRevision: 0, cancellationToken);
            return TypedResults.Created($"/api/accounts/{id}", AccountView.From(stored));
        }
        catch (DocumentConflictException)
        {
            return ApiProblems.Conflict($"account '{id}' already exists; replace it with PUT /api/accounts/{id}");
        }
    }
}
