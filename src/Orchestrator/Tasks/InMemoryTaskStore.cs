using System.Collections.Concurrent;
using Orchestrator.Activities.Tasks;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Tasks;

/// <summary>
/// Tasks in memory, for tests and runs without a database. It learns of tasks as a burst observer: the in-memory
/// stores cannot fail between commit and observer, so nothing is lost that a restart could recover.
/// </summary>
internal sealed class InMemoryTaskStore : ITaskStore
{
    private readonly ConcurrentDictionary<string, HumanTask> _tasks = new(StringComparer.Ordinal);

    public ValueTask<HumanTask?> FindAsync(string taskId, CancellationToken cancellationToken = default) =>
        new(_tasks.GetValueOrDefault(taskId));

    public ValueTask<IReadOnlyList<HumanTask>> ListAsync(TaskQuery query, CancellationToken cancellationToken = default) =>
        new([.. _tasks.Values
            .Where(t => query.OwnerPersonId is null || t.OwnerPersonId == query.OwnerPersonId)
            .Where(t => query.Status is null || t.Status == query.Status)
            .Where(t => query.AccountId is null || t.AccountId == query.AccountId)
            .Where(t => query.DueBefore is null || (t.DueAt is { } due && due < query.DueBefore))
            .Where(t => query.WorkflowInstanceId is null || t.WorkflowInstanceId == query.WorkflowInstanceId)
            .OrderBy(t => t.DueAt is null)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.CreatedAt)
            .ThenBy(t => t.Id, StringComparer.Ordinal)
            .Take(query.Limit)]);

    public void Apply(IEnumerable<TaskChange> changes)
    {
        foreach (var change in changes)
        {
            _tasks[change.TaskId] = HumanTask.FromJson(change.Record);
        }
    }
}

/// <summary>Feeds committed task records to the in-memory store; with the database store the committer writes them instead.</summary>
internal sealed class InMemoryTaskFeed(ITaskStore store) : IBurstObserver
{
    public ValueTask OnCommittedAsync(RunResult result, CancellationToken cancellationToken)
    {
        if (store is InMemoryTaskStore memory && result.Changes.TaskChanges.Count > 0)
        {
            memory.Apply(result.Changes.TaskChanges);
        }

        return default;
    }
}
