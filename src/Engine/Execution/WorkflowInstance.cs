using Orchestrator.Engine.Bookmarks;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// A run of a workflow: its status, inputs and outputs, the live tree of activity executions, and the
/// bookmarks it waits on. Mutated by the runner during a burst; <see cref="State.WorkflowStateSerializer"/> writes
/// it as a JSON snapshot (the workflow state) and reads it back.
/// </summary>
public sealed class WorkflowInstance
{
    public required string Id { get; init; }

    public required string DefinitionId { get; init; }

    public required string DefinitionVersionId { get; init; }

    public required int Version { get; init; }

    public WorkflowStatus Status { get; internal set; } = WorkflowStatus.Running;

    public WorkflowSubStatus SubStatus { get; internal set; } = WorkflowSubStatus.Pending;

    public string? CorrelationId { get; set; }

    public string? Name { get; set; }

    public string? ParentInstanceId { get; init; }

    public Dictionary<string, object?> Input { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, object?> Output { get; init; } = new(StringComparer.Ordinal);

    public List<Bookmark> Bookmarks { get; init; } = [];

    public List<Incident> Incidents { get; init; } = [];

    /// <summary>The root activity execution; kept after the run finishes so its variables stay readable.</summary>
    public ActivityExecutionContext? Root { get; internal set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; internal set; }

    public DateTimeOffset? FinishedAt { get; internal set; }

    /// <summary>The result of the activity that ran last (Elsa's <c>getLastResult()</c>).</summary>
    public object? LastResult { get; internal set; }

    internal int NextContextId { get; set; }

    internal long JournalSequence { get; set; }

    /// <summary>Work that was queued when the run faulted; a retry runs it again, the faulted item first.</summary>
    internal List<PendingWork>? PendingWork { get; set; }

    /// <summary>Outputs produced by named activities: activity name → output name → value.</summary>
    internal Dictionary<string, Dictionary<string, object?>>? ActivityOutputs { get; set; }

    public bool IsFinished => Status == WorkflowStatus.Finished;

    /// <summary>The stored revision this instance was loaded at; a durable store uses it for optimistic concurrency.</summary>
    public long Revision { get; set; }

    /// <summary>The variables of the root workflow by name.</summary>
    public IReadOnlyDictionary<string, object?> GetVariables()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (Root?.Variables is { } values && Root.OwnedScope is { } scope)
        {
            foreach (var slot in scope.Variables)
            {
                result[slot.Name] = values[slot.Index];
            }
        }

        return result;
    }

    /// <summary>Finds a live activity execution by its id.</summary>
    public ActivityExecutionContext? FindContext(int id) => Root is null ? null : Find(Root, id);

    /// <summary>The live activity executions, depth first.</summary>
    public IEnumerable<ActivityExecutionContext> Contexts()
    {
        if (Root is null)
        {
            yield break;
        }

        var stack = new Stack<ActivityExecutionContext>();
        stack.Push(Root);
        while (stack.Count > 0)
        {
            var context = stack.Pop();
            yield return context;
            if (context.Children is { } children)
            {
                for (var i = children.Count - 1; i >= 0; i--)
                {
                    stack.Push(children[i]);
                }
            }
        }
    }

    private static ActivityExecutionContext? Find(ActivityExecutionContext context, int id)
    {
        if (context.Id == id)
        {
            return context;
        }

        if (context.Children is { } children)
        {
            foreach (var child in children)
            {
                if (Find(child, id) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}

/// <summary>A queued execution or resumption kept across a fault, so a retry can run it.</summary>
internal sealed record PendingWork(int ContextId, WorkKind Kind, Bookmark? Bookmark, object? Input);

internal enum WorkKind
{
    Execute,
    Resume,
}
