using System.Text.Json.Nodes;
using Orchestrator.Engine.Bookmarks;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// What one burst changed, for the durable host to commit in one transaction with the new state:
/// bookmarks added and removed, journal entries, incidents, timer requests and the messages to send after commit.
/// </summary>
public sealed class WorkflowChangeSet
{
    private List<Bookmark>? _added;
    private List<Bookmark>? _removed;
    private List<Incident>? _incidents;
    private List<string>? _resolvedIncidents;
    private List<OutboxMessage>? _outbox;
    private List<DispatchRequest>? _dispatches;
    private List<PublishedEvent>? _events;
    private List<TaskRequest>? _tasks;
    private List<TaskChange>? _taskChanges;
    private List<ReadModelChange>? _readModelChanges;

    public List<JournalEntry> Journal { get; } = new(16);

    public IReadOnlyList<Bookmark> BookmarksAdded => _added ?? (IReadOnlyList<Bookmark>)[];

    public IReadOnlyList<Bookmark> BookmarksRemoved => _removed ?? (IReadOnlyList<Bookmark>)[];

    public IReadOnlyList<Incident> Incidents => _incidents ?? (IReadOnlyList<Incident>)[];

    /// <summary>Ids of incidents recorded earlier that this change resolves (a retry's faults, an operator's resolve).</summary>
    public IReadOnlyList<string> ResolvedIncidents => _resolvedIncidents ?? (IReadOnlyList<string>)[];

    /// <summary>Messages for the outbox (notifications); sent only after the burst is committed.</summary>
    public IReadOnlyList<OutboxMessage> Outbox => _outbox ?? (IReadOnlyList<OutboxMessage>)[];

    /// <summary>Workflows to start after commit (DispatchWorkflow).</summary>
    public IReadOnlyList<DispatchRequest> Dispatches => _dispatches ?? (IReadOnlyList<DispatchRequest>)[];

    /// <summary>Events to deliver after commit (PublishEvent).</summary>
    public IReadOnlyList<PublishedEvent> PublishedEvents => _events ?? (IReadOnlyList<PublishedEvent>)[];

    /// <summary>Tasks requested by RunTask, to hand to whoever does them.</summary>
    public IReadOnlyList<TaskRequest> TaskRequests => _tasks ?? (IReadOnlyList<TaskRequest>)[];

    /// <summary>Human tasks the burst created or changed, each as its whole current record; the host stores them with the burst.</summary>
    public IReadOnlyList<TaskChange> TaskChanges => _taskChanges ?? (IReadOnlyList<TaskChange>)[];

    /// <summary>Read-model rows the burst created or changed (e.g. SLA cycles), each as its whole current record; the host stores them with the burst.</summary>
    public IReadOnlyList<ReadModelChange> ReadModelChanges => _readModelChanges ?? (IReadOnlyList<ReadModelChange>)[];

    /// <summary>Alarms to set: the bookmarks added with a due time that are still pending at the end of the burst.</summary>
    public IEnumerable<TimerRequest> TimerRequests =>
        BookmarksAdded.Where(b => b.DueAt is not null && !BookmarksRemoved.Contains(b)).Select(b => new TimerRequest(b.Id, b.WorkflowInstanceId, b.DueAt!.Value));

    internal void AddBookmark(Bookmark bookmark) => (_added ??= []).Add(bookmark);

    internal void RemoveBookmark(Bookmark bookmark)
    {
        // A bookmark made and consumed in the same burst never reaches the store.
        if (_added is not null && _added.Remove(bookmark))
        {
            return;
        }

        (_removed ??= []).Add(bookmark);
    }

    internal void AddIncident(Incident incident) => (_incidents ??= []).Add(incident);

    internal void ResolveIncident(string incidentId) => (_resolvedIncidents ??= []).Add(incidentId);

    internal void AddOutbox(OutboxMessage message) => (_outbox ??= []).Add(message);

    internal void AddDispatch(DispatchRequest request) => (_dispatches ??= []).Add(request);

    internal void AddEvent(PublishedEvent published) => (_events ??= []).Add(published);

    internal void AddTask(TaskRequest task) => (_tasks ??= []).Add(task);

    internal void AddTaskChange(TaskChange change)
    {
        // Only the last record of a task in a burst matters: it is the whole record, not a delta.
        var tasks = _taskChanges ??= [];
        tasks.RemoveAll(t => t.TaskId == change.TaskId);
        tasks.Add(change);
    }

    internal void AddReadModelChange(ReadModelChange change)
    {
        // As with tasks, a record is whole: the last one of a key in a burst replaces the earlier ones.
        var changes = _readModelChanges ??= [];
        changes.RemoveAll(c => c.Kind == change.Kind && c.Key == change.Key);
        changes.Add(change);
    }
}

/// <summary>One line of the journal: what ran, when, and how it ended.</summary>
public readonly record struct JournalEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    JournalEvent Event,
    string? Outcomes = null,
    string? Message = null);

public enum JournalEvent
{
    Started,
    Completed,
    Suspended,
    Resumed,
    Cancelled,
    Faulted,
    Retried,
    WorkflowFinished,
    WorkflowCancelled,
    WorkflowFaulted,
    Migrated,
    Note,
}

/// <summary>
/// Something an operator must look at, recorded with where it happened: an exception in an activity (a fault), or a
/// situation an activity raised on purpose while the run goes on (<see cref="IsFault"/> false), such as an escalation
/// policy exhausted without acknowledgement. Only faults are resolved by a retry.
/// </summary>
public sealed record Incident(
    string Id,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    string Message,
    string? ExceptionType,
    DateTimeOffset Timestamp,
    int ContextId)
{
    public bool Resolved { get; set; }

    public bool IsFault { get; init; } = true;
}

/// <summary>A message to send after commit, with a stable idempotency key.</summary>
public sealed record OutboxMessage(string Id, string Channel, string IdempotencyKey, JsonObject Payload, string WorkflowInstanceId, string ActivityId);

public sealed record DispatchRequest(string ChildInstanceId, string DefinitionId, IReadOnlyDictionary<string, object?> Input, string? CorrelationId, string ParentInstanceId, bool WaitForCompletion);

public sealed record PublishedEvent(string EventName, string? CorrelationId, object? Payload, string? TargetInstanceId);

public sealed record TaskRequest(string TaskId, string TaskName, object? Payload, string WorkflowInstanceId, string ActivityId);

/// <summary>The whole current record of a human task (JSON, camelCase), as the activity that owns it left it at the end of the burst.</summary>
public sealed record TaskChange(string TaskId, string WorkflowInstanceId, string ActivityId, JsonObject Record);

/// <summary>The whole current record of one read-model row of a kind (JSON, camelCase), as the activity that owns it left it at the end of the burst.</summary>
public sealed record ReadModelChange(string Kind, string Key, string WorkflowInstanceId, string ActivityId, JsonObject Record);

public sealed record TimerRequest(string BookmarkId, string WorkflowInstanceId, DateTimeOffset DueAt);
