using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Accounts;

/// <summary><c>DELETE /api/accounts/{id}</c>: role targets on the account name nobody from then on; running playbooks keep running.</summary>
internal static class DeleteAccount
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageAccounts)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deletes an account");

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(string id, IDocumentStore documents, CancellationToken cancellationToken) =>
        await documents.DeleteAsync(AccountDocuments.Kind, id, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"no account '{id}'");
}
