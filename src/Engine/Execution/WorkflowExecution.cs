using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Bookmarks;
using Orchestrator.Engine.Compilation;

namespace Orchestrator.Engine.Execution;

/// <summary>One burst of one instance: the work queue and what the burst changed.</summary>
internal sealed class WorkflowExecution
{
    private readonly Queue<WorkItem> _queue = new(8);

    public WorkflowExecution(WorkflowRunner runner, CompiledWorkflow workflow, WorkflowInstance instance, CancellationToken cancellationToken)
    {
        Runner = runner;
        Workflow = workflow;
        Instance = instance;
        CancellationToken = cancellationToken;
    }

    public WorkflowRunner Runner { get; }

    public CompiledWorkflow Workflow { get; }

    public WorkflowInstance Instance { get; }

    public WorkflowChangeSet Changes { get; } = new();

    public CancellationToken CancellationToken { get; }

    /// <summary>True once the workflow finished or faulted: queued work is dropped.</summary>
    public bool Stopped { get; set; }

    public Activity? TriggerActivity { get; set; }

    public object? TriggerInput { get; set; }

    public int QueueLength => _queue.Count;

    public void Enqueue(WorkItem item)
    {
        if (TriggerActivity is not null && item.Kind == WorkKind.Execute && ReferenceEquals(item.Context.Activity, TriggerActivity))
        {
            item.Context.IsTriggeredStart = true;
            item.Context.TriggerInput = TriggerInput;
            TriggerActivity = null;
        }

        _queue.Enqueue(item);
    }

    public bool TryDequeue(out WorkItem item) => _queue.TryDequeue(out item);

    public List<WorkItem> DrainQueue()
    {
        var items = new List<WorkItem>(_queue);
        _queue.Clear();
        return items;
    }

    public void Journal(ActivityExecutionContext context, JournalEvent kind, string? outcomes, string? message)
    {
        var activity = context.Activity;
        Changes.Journal.Add(new JournalEntry(
            ++Instance.JournalSequence,
            Runner.TimeProvider.GetUtcNow(),
            activity.Id,
            activity.NodeId,
            activity.Type,
            kind,
            outcomes,
            message));
    }

    public void FinishWorkflow(WorkflowSubStatus subStatus)
    {
        var instance = Instance;
        instance.Status = WorkflowStatus.Finished;
        instance.SubStatus = subStatus;
        instance.FinishedAt = Runner.TimeProvider.GetUtcNow();
        var bookmarks = instance.Bookmarks;
        for (var i = bookmarks.Count - 1; i >= 0; i--)
        {
            Changes.RemoveBookmark(bookmarks[i]);
        }

        bookmarks.Clear();
        Stopped = true;
    }
}

internal readonly record struct WorkItem(ActivityExecutionContext Context, WorkKind Kind, Bookmark? Bookmark, object? Input);
