using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Api.Instances;

/// <summary>
/// <c>POST /api/workflow-instances/{id}/migrate</c> (<c>{version, dryRun}</c>): moves one instance to another version of
/// its definition, or with <c>dryRun</c> lists what would break. Process owners own versions, so the move is theirs.
/// </summary>
internal static class MigrateInstance
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/{id}/migrate", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDefinitions)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Moves an instance to another version of its definition (or, with dryRun, lists what would break)");

    public static async Task<Results<Ok<MigrationView>, ValidationProblem, ProblemHttpResult>> HandleAsync(string id, MigrateRequest request, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (request.Version is not { } version || version < 1)
        {
            return ApiProblems.Invalid("version", "'version' must name the version to move to (1 or more)");
        }

        MigrationPlan plan;
        try
        {
            plan = await runtime.MigrateAsync(id, version, request.DryRun, CancellationToken.None);
        }
        catch (WorkflowNotFoundException ex)
        {
            return ApiProblems.NotFound(ex.Message);
        }

        var view = MigrationView.From(plan, migrated: !request.DryRun && plan.CanMigrate);
        if (request.DryRun || plan.CanMigrate)
        {
            return TypedResults.Ok(view);
        }

        return ApiProblems.Conflict($"workflow instance '{id}' cannot move to version {version}: {string.Join("; ", plan.Problems.Where(p => p.IsError).Select(p => p.Message))}");
    }
}

internal sealed record MigrateRequest(int? Version, bool DryRun = false);

internal sealed record MigrationView(string InstanceId, int FromVersion, int ToVersion, bool CanMigrate, bool Migrated, IReadOnlyList<MigrationProblemView> Problems)
{
    public static MigrationView From(MigrationPlan plan, bool migrated) => new(
        plan.InstanceId,
        plan.FromVersion,
        plan.ToVersion,
        plan.CanMigrate,
        migrated,
        [.. plan.Problems.Select(p => new MigrationProblemView(p.ActivityId, p.NodeId, p.Message, p.IsError ? "error" : "warning"))]);
}

internal sealed record MigrationProblemView(string? ActivityId, string? NodeId, string Message, string Severity);
