using System.Diagnostics;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Diagnostics;

namespace Orchestrator.Engine.Execution;

/// <summary>What starts a run.</summary>
public sealed class StartWorkflowRequest
{
    public string? InstanceId { get; init; }

    public IReadOnlyDictionary<string, object?>? Input { get; init; }

    public string? CorrelationId { get; init; }

    public string? ParentInstanceId { get; init; }

    /// <summary>The trigger activity that fired (a start event, a timer); the run starts there and it completes at once.</summary>
    public string? TriggerActivityId { get; init; }

    public object? TriggerInput { get; init; }
}

/// <summary>The outcome of one burst: the instance as it now stands and what changed.</summary>
public sealed class RunResult
{
    internal RunResult(WorkflowInstance instance, WorkflowChangeSet changes)
    {
        Instance = instance;
        Changes = changes;
    }

    public WorkflowInstance Instance { get; }

    public WorkflowChangeSet Changes { get; }
}

/// <summary>
/// Runs bursts: schedule, loop over the work queue until it is empty, and report the new state with its
/// change set. It does no I/O of its own; activities reach their services through the context.
/// </summary>
public sealed class WorkflowRunner
{
    public WorkflowRunner(IServiceProvider services, TimeProvider timeProvider, EngineOptions? options = null)
    {
        Services = services;
        TimeProvider = timeProvider;
        Options = options ?? new EngineOptions();
    }

    public IServiceProvider Services { get; }

    public TimeProvider TimeProvider { get; }

    public EngineOptions Options { get; }

    public async ValueTask<RunResult> StartAsync(CompiledWorkflow workflow, StartWorkflowRequest request, CancellationToken cancellationToken = default)
    {
        var now = TimeProvider.GetUtcNow();
        var definition = workflow.Definition;
        var instance = new WorkflowInstance
        {
            Id = request.InstanceId ?? Guid.CreateVersion7(now).ToString("N"),
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            Version = definition.Version,
            CorrelationId = request.CorrelationId,
            ParentInstanceId = request.ParentInstanceId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (request.Input is { } input)
        {
            foreach (var (key, value) in input)
            {
                instance.Input[key] = value;
            }
        }

        var execution = new WorkflowExecution(this, workflow, instance, cancellationToken);
        if (request.TriggerActivityId is { } triggerId)
        {
            execution.TriggerActivity = workflow.FindById(triggerId) ?? workflow.FindByNodeId(triggerId)
                ?? throw new ArgumentException($"the workflow has no activity '{triggerId}' to start from", nameof(request));
            execution.TriggerInput = request.TriggerInput;
        }

        var root = new ActivityExecutionContext(instance, workflow.Root, null, instance.NextContextId++)
        {
            OwnedScope = workflow.Scope,
            Variables = workflow.Scope.CreateValues(),
        };
        root.Attach(execution);
        instance.Root = root;
        execution.Enqueue(new WorkItem(root, WorkKind.Execute, null, null));
        await RunBurstAsync(execution);
        return new RunResult(instance, execution.Changes);
    }

    /// <summary>Resumes one bookmark of a suspended instance with the stimulus' input.</summary>
    public async ValueTask<RunResult> ResumeAsync(CompiledWorkflow workflow, WorkflowInstance instance, string bookmarkId, object? input, CancellationToken cancellationToken = default)
    {
        if (instance.IsFinished)
        {
            throw new InvalidOperationException($"workflow instance {instance.Id} is {instance.SubStatus}; it cannot be resumed");
        }

        var bookmark = instance.Bookmarks.Find(b => b.Id == bookmarkId)
            ?? throw new InvalidOperationException($"workflow instance {instance.Id} has no bookmark {bookmarkId}");
        var execution = Begin(workflow, instance, cancellationToken);
        var context = instance.FindContext(bookmark.ContextId);
        instance.Bookmarks.Remove(bookmark);
        execution.Changes.RemoveBookmark(bookmark);
        if (context is null)
        {
            throw new InvalidOperationException($"bookmark {bookmarkId} points at activity execution {bookmark.ContextId}, which no longer exists");
        }

        context.BookmarkCount = Math.Max(0, context.BookmarkCount - 1);
        execution.Enqueue(new WorkItem(context, WorkKind.Resume, bookmark, input));
        await RunBurstAsync(execution);
        return new RunResult(instance, execution.Changes);
    }

    /// <summary>Marks one open incident resolved, journaled with who resolved it; the run itself does not move.</summary>
    public RunResult ResolveIncident(WorkflowInstance instance, string incidentId, string? resolvedBy)
    {
        var incident = instance.Incidents.Find(i => i.Id == incidentId)
            ?? throw new InvalidOperationException($"workflow instance {instance.Id} has no incident {incidentId}");
        if (incident.Resolved)
        {
            throw new InvalidOperationException($"incident {incidentId} of workflow instance {instance.Id} is already resolved");
        }

        if (incident.IsFault && instance.SubStatus == WorkflowSubStatus.Faulted)
        {
            throw new InvalidOperationException($"incident {incidentId} is the fault that stopped workflow instance {instance.Id}; retry or cancel the instance instead");
        }

        incident.Resolved = true;
        var changes = new WorkflowChangeSet();
        changes.ResolveIncident(incident.Id);
        changes.Journal.Add(new JournalEntry(++instance.JournalSequence, TimeProvider.GetUtcNow(), incident.ActivityId, incident.ActivityNodeId, incident.ActivityType, JournalEvent.Note, null, $"incident {incident.Id} resolved{(string.IsNullOrWhiteSpace(resolvedBy) ? string.Empty : " by " + resolvedBy)}: {incident.Message}"));

        instance.UpdatedAt = TimeProvider.GetUtcNow();
        return new RunResult(instance, changes);
    }

    /// <summary>Runs a faulted activity again, then everything that was queued behind it.</summary>
    public async ValueTask<RunResult> RetryAsync(CompiledWorkflow workflow, WorkflowInstance instance, CancellationToken cancellationToken = default)
    {
        if (instance.SubStatus != WorkflowSubStatus.Faulted || instance.PendingWork is not { Count: > 0 } pending)
        {
            throw new InvalidOperationException($"workflow instance {instance.Id} is {instance.SubStatus}; only a faulted run can be retried");
        }

        var execution = Begin(workflow, instance, cancellationToken);
        instance.Status = WorkflowStatus.Running;
        instance.FinishedAt = null;
        instance.PendingWork = null;
        // Incidents raised on purpose (not faults) stay open: running the faulted work again does not answer them.
        foreach (var incident in instance.Incidents.Where(i => i.IsFault && !i.Resolved))
        {
            incident.Resolved = true;
            execution.Changes.ResolveIncident(incident.Id);
        }

        for (var i = 0; i < pending.Count; i++)
        {
            var work = pending[i];
            var context = instance.FindContext(work.ContextId);
            if (context is null)
            {
                continue;
            }

            if (i == 0)
            {
                context.Status = ActivityStatus.Running;
                if (work.Kind == WorkKind.Execute)
                {
                    context.CancelChildren();
                    context.State = null;
                }

                execution.Journal(context, JournalEvent.Retried, null, null);
            }

            execution.Enqueue(new WorkItem(context, work.Kind, work.Bookmark, work.Input));
        }

        await RunBurstAsync(execution);
        return new RunResult(instance, execution.Changes);
    }

    /// <summary>Cancels the run: every activity execution is cancelled and its bookmarks removed.</summary>
    public RunResult Cancel(CompiledWorkflow workflow, WorkflowInstance instance)
    {
        var execution = Begin(workflow, instance, CancellationToken.None);
        if (!instance.IsFinished && instance.Root is { } root)
        {
            root.CancelTree(root);
            execution.Journal(root, JournalEvent.WorkflowCancelled, null, null);
        }

        if (!instance.IsFinished || instance.SubStatus == WorkflowSubStatus.Faulted)
        {
            instance.PendingWork = null;
            execution.FinishWorkflow(WorkflowSubStatus.Cancelled);
        }

        End(execution);
        return new RunResult(instance, execution.Changes);
    }

    private WorkflowExecution Begin(CompiledWorkflow workflow, WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var execution = new WorkflowExecution(this, workflow, instance, cancellationToken);
        if (instance.Root is { } root)
        {
            Attach(root, execution);
        }

        return execution;
    }

    private static void Attach(ActivityExecutionContext context, WorkflowExecution execution)
    {
        context.Attach(execution);
        if (context.Children is { } children)
        {
            foreach (var child in children)
            {
                Attach(child, execution);
            }
        }
    }

    private async ValueTask RunBurstAsync(WorkflowExecution execution)
    {
        var instance = execution.Instance;
        var started = Stopwatch.GetTimestamp();
        using var span = EngineTelemetry.Source.StartActivity("workflow burst");
        span?.SetTag("workflow.definition_id", instance.DefinitionId);
        span?.SetTag("workflow.version", instance.Version);
        span?.SetTag("workflow.instance_id", instance.Id);
        instance.Status = WorkflowStatus.Running;
        instance.SubStatus = WorkflowSubStatus.Executing;
        var executed = 0;
        var maxExecutions = Options.MaxActivitiesPerBurst;
        while (!execution.Stopped && execution.TryDequeue(out var item))
        {
            var context = item.Context;
            if (context.Status is ActivityStatus.Completed or ActivityStatus.Canceled or ActivityStatus.Faulted)
            {
                continue;
            }

            execution.CancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (++executed > maxExecutions)
                {
                    throw new BurstLimitExceededException($"the run executed more than {maxExecutions} activities in one burst; is there an endless loop?");
                }

                if (item.Kind == WorkKind.Execute)
                {
                    context.Status = ActivityStatus.Running;
                    execution.Journal(context, JournalEvent.Started, null, null);
                    await context.Activity.ExecuteAsync(context);
                }
                else
                {
                    context.ResumeInput = item.Input;
                    context.ResumedBookmark = item.Bookmark;
                    execution.Journal(context, JournalEvent.Resumed, null, item.Bookmark?.Name);
                    await context.Activity.ResumeAsync(context);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !execution.CancellationToken.IsCancellationRequested)
            {
                await HandleFaultAsync(execution, item, ex);
            }
        }

        if (!instance.IsFinished)
        {
            instance.SubStatus = WorkflowSubStatus.Suspended;
        }

        End(execution);
        var definition = new KeyValuePair<string, object?>("workflow.definition_id", instance.DefinitionId);
        EngineTelemetry.Bursts.Add(1, definition);
        EngineTelemetry.ActivitiesExecuted.Add(executed, definition);
        EngineTelemetry.BurstDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, definition);
        span?.SetTag("workflow.sub_status", instance.SubStatus.ToString());
        span?.SetTag("workflow.activities", executed);
    }

    private void End(WorkflowExecution execution)
    {
        var instance = execution.Instance;
        instance.UpdatedAt = TimeProvider.GetUtcNow();
        // A faulted run keeps its executions: a retry runs the pending work on them.
        if (instance.IsFinished && instance.PendingWork is null && instance.Root is { } root)
        {
            root.Children = null;
        }
    }

    private async ValueTask HandleFaultAsync(WorkflowExecution execution, WorkItem item, Exception exception)
    {
        var (context, error) = exception is ActivityFaultException fault ? (fault.Context, fault.InnerException!) : (item.Context, exception);
        var instance = execution.Instance;

        // The burst limit stops the whole run whatever the strategy: going on would only hit it again, forever.
        var faultWorkflow = execution.Workflow.IncidentStrategy == IncidentStrategy.Fault || exception is BurstLimitExceededException;
        while (true)
        {
            var incident = new Incident(
                Guid.CreateVersion7(TimeProvider.GetUtcNow()).ToString("N"),
                context.Activity.Id,
                context.Activity.NodeId,
                context.Activity.Type,
                error.Message,
                error.GetType().Name,
                TimeProvider.GetUtcNow(),
                context.Id);
            instance.Incidents.Add(incident);
            execution.Changes.AddIncident(incident);
            EngineTelemetry.Incidents.Add(1, new KeyValuePair<string, object?>("activity.type", incident.ActivityType));
            System.Diagnostics.Activity.Current?.AddEvent(new ActivityEvent("incident", tags: new ActivityTagsCollection { ["activity.id"] = incident.ActivityId, ["message"] = incident.Message }));
            execution.Journal(context, JournalEvent.Faulted, null, error.Message);

            if (faultWorkflow)
            {
                context.Status = ActivityStatus.Faulted;
                var pending = new List<PendingWork>
                {
                    ReferenceEquals(context, item.Context)
                        ? new PendingWork(context.Id, item.Kind, item.Bookmark, item.Input)
                        : new PendingWork(context.Id, WorkKind.Execute, null, null),
                };
                foreach (var queued in execution.DrainQueue())
                {
                    pending.Add(new PendingWork(queued.Context.Id, queued.Kind, queued.Bookmark, queued.Input));
                }

                instance.PendingWork = pending;
                instance.Status = WorkflowStatus.Finished;
                instance.SubStatus = WorkflowSubStatus.Faulted;
                instance.FinishedAt = TimeProvider.GetUtcNow();
                execution.Stopped = true;
                if (instance.Root is { } root)
                {
                    execution.Journal(root, JournalEvent.WorkflowFaulted, null, error.Message);
                }

                return;
            }

            // Continue with incidents: the faulted branch ends without outcomes and the rest of the run goes on.
            context.CancelChildren();
            context.ClearBookmarks();
            context.Status = ActivityStatus.Faulted;
            context.Outcomes = Outcomes.None;
            var parent = context.Parent;
            if (parent is null)
            {
                execution.FinishWorkflow(WorkflowSubStatus.Faulted);
                return;
            }

            parent.Children?.Remove(context);
            try
            {
                await parent.Activity.OnChildCompletedAsync(parent, context);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                (context, error) = ex is ActivityFaultException inner ? (inner.Context, inner.InnerException!) : (parent, ex);
            }
        }
    }
}

/// <summary>A burst ran more activities than <see cref="EngineOptions.MaxActivitiesPerBurst"/> allows; the run faults whatever its incident strategy.</summary>
public sealed class BurstLimitExceededException : InvalidOperationException
{
    public BurstLimitExceededException(string message)
        : base(message)
    {
    }

    public BurstLimitExceededException()
    {
    }

    public BurstLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
