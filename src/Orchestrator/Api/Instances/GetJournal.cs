using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Engine.Runtime;
using Orchestrator.Journal;

namespace Orchestrator.Api.Instances;

/// <summary><c>GET /api/workflow-instances/{id}/journal</c>: what ran in the instance, in order.</summary>
internal static class GetJournal
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id}/journal", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The instance's journal: activities started, completed, suspended, resumed, faulted, retried");

    public static async Task<Results<Ok<List<JournalEntryView>>, ProblemHttpResult>> HandleAsync(string id, IWorkflowInstanceStore instances, IJournalStore journal, CancellationToken cancellationToken)
    {
        if (await instances.FindAsync(id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"no workflow instance '{id}'");
        }

        return TypedResults.Ok((await journal.ListAsync(id, cancellationToken)).Select(JournalEntryView.From).ToList());
    }
}
