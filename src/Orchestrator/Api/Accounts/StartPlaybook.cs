using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;
using Orchestrator.Playbooks;

namespace Orchestrator.Api.Accounts;

/// <summary>The body of a playbook start; every field is optional.</summary>
internal sealed record StartPlaybookRequest(DateTimeOffset? KickoffDate, DateOnly? ContractStart, string? Period);

/// <summary>A playbook run of an account as the API shows it.</summary>
internal sealed record PlaybookRunView(string InstanceId, string AccountId, string Playbook, string Period, bool Started, DateTimeOffset ReservedAt, string? StartedBy, DateTimeOffset KickoffDate, DateOnly? ContractStart)
{
    public static PlaybookRunView From(PlaybookRun run, bool started) =>
        new(run.InstanceId, run.AccountId, run.Playbook, run.Period, started, run.ReservedAt, run.StartedBy, run.KickoffDate, run.ContractStart);
}

/// <summary>
/// <c>POST /api/accounts/{id}/playbooks/{name}</c>: starts the published playbook for the account, once per period. A new
/// run answers 202; a start for a period that already has its run answers 200 with that run, and starts nothing.
/// </summary>
internal static class StartPlaybook
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{id}/playbooks/{name}", HandleAsync)
            .RequireAuthorization(AuthPolicies.StartPlaybooks)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Starts a playbook for the account (once per account, playbook and period)");

    public static async Task<Results<Accepted<PlaybookRunView>, Ok<PlaybookRunView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        string id, string name, StartPlaybookRequest? request, IDocumentStore documents, PlaybookRuns runs, HttpContext http, CancellationToken cancellationToken)
    {
        if (await documents.GetAccountAsync(id, cancellationToken) is not { } account)
        {
            return ApiProblems.NotFound($"no account '{id}'");
        }

        var result = await runs.StartAsync(
            account, name, new PlaybookStart(request?.KickoffDate, request?.ContractStart, request?.Period, http.User.Identity?.Name), cancellationToken);
        if (result.UnknownPlaybook)
        {
            return ApiProblems.NotFound(result.Problem!);
        }

        if (result.Run is not { } run)
        {
            return ApiProblems.Invalid(result.Field!, result.Problem!);
        }

        var view = PlaybookRunView.From(run, result.Started);
        return result.Started
            ? TypedResults.Accepted($"/api/workflow-instances/{run.InstanceId}", view)
            : TypedResults.Ok(view);
    }
}
