using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Api.Instances;

/// <summary><c>GET /api/workflow-instances?definitionId=&amp;status=&amp;correlationId=&amp;page=&amp;pageSize=</c>: a page of instances, newest first.</summary>
internal static class ListInstances
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 200;

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Lists instances, newest first; status is a sub-status name (Suspended, Finished, Faulted, Cancelled, Executing, Pending)");

    public static async Task<Results<Ok<InstancePageView>, ValidationProblem>> HandleAsync(
        IWorkflowInstanceStore instances,
        string? definitionId,
        string? status,
        string? correlationId,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        WorkflowSubStatus? subStatus = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            var name = Enum.GetNames<WorkflowSubStatus>().FirstOrDefault(n => string.Equals(n, status.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                return ApiProblems.Invalid("status", $"unknown status '{status}'; use one of {string.Join(", ", Enum.GetNames<WorkflowSubStatus>())}");
            }

            subStatus = Enum.Parse<WorkflowSubStatus>(name);
        }

        var pageNumber = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        if (pageNumber < 1)
        {
            return ApiProblems.Invalid("page", "page must be 1 or more");
        }

        if (size is < 1 or > MaxPageSize)
        {
            return ApiProblems.Invalid("pageSize", $"pageSize must be between 1 and {MaxPageSize}");
        }

        var query = new InstanceQuery(NullIfBlank(definitionId), subStatus, NullIfBlank(correlationId), Skip: (pageNumber - 1) * size, Take: size);
        var found = await instances.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(new InstancePageView([.. found.Items.Select(InstanceSummary.From)], found.Total, pageNumber, size));
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
