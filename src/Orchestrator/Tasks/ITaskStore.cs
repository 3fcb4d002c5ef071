using Orchestrator.Activities.Tasks;

namespace Orchestrator.Tasks;

/// <summary>Which tasks to list: every filter is optional; results come ordered by due time (undated last), then creation.</summary>
internal sealed record TaskQuery(
    string? OwnerPersonId = null,
    string? Status = null,
    string? AccountId = null,
    DateTimeOffset? DueBefore = null,
    string? WorkflowInstanceId = null,
    int Limit = 100);

/// <summary>
/// The task list: a read model of the human tasks workflows assign. It is written only from committed bursts (the task
/// records in their change sets), so it always agrees with what the runs wait on.
/// </summary>
internal interface ITaskStore
{
    ValueTask<HumanTask?> FindAsync(string taskId, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<HumanTask>> ListAsync(TaskQuery query, CancellationToken cancellationToken = default);
}
