using Orchestrator.Engine.Activities.Composition;
using Orchestrator.Engine.Activities.Events;
using Orchestrator.Engine.Bookmarks;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Runtime;

/// <summary>
/// Runs workflows against stores: starts and resumes instances, delivers events and task completions to
/// triggers and bookmarks, fires due timers, and runs child workflows. With the in-memory stores it is the
/// whole engine in one process (CLI, tests, simulation); the durable host builds on the same pieces.
/// </summary>
public sealed class WorkflowRuntime : IWorkflowInvoker
{
    private readonly CompiledWorkflowCache _compiled;
    private readonly IWorkflowCommitter _committer;
    private readonly IBurstObserver[] _observers;
    private readonly IInstanceLock _locks;

    public WorkflowRuntime(
        CompiledWorkflowCache compiled,
        WorkflowRunner runner,
        IWorkflowDefinitionStore definitions,
        IWorkflowInstanceStore instances,
        IBookmarkStore bookmarks,
        ITriggerStore triggers,
        IWorkflowCommitter committer,
        IEnumerable<IBurstObserver> observers,
        IInstanceLock locks)
    {
        _locks = locks;
        _observers = [.. observers];
        _compiled = compiled;
        _committer = committer;
        Runner = runner;
        Definitions = definitions;
        Instances = instances;
        Bookmarks = bookmarks;
        Triggers = triggers;
    }

    public WorkflowCompiler Compiler => _compiled.Compiler;

    public WorkflowRunner Runner { get; }

    public IWorkflowDefinitionStore Definitions { get; }

    public IWorkflowInstanceStore Instances { get; }

    public IBookmarkStore Bookmarks { get; }

    public ITriggerStore Triggers { get; }

    /// <summary>Raised after each burst is committed.</summary>
    public event Action<RunResult>? BurstCommitted;

    /// <summary>Stores a definition version; published ones have their triggers indexed.</summary>
    public async ValueTask<WorkflowDefinition> ImportAsync(WorkflowDefinition definition, bool publish = true, CancellationToken cancellationToken = default)
    {
        var stored = definition.IsPublished == publish ? definition : definition.With(d => d["isPublished"] = publish);
        await Definitions.SaveAsync(stored, cancellationToken);
        if (publish)
        {
            await IndexTriggersAsync(stored, cancellationToken);
        }

        return stored;
    }

    /// <summary>Makes the triggers of a published version the ones that start its workflow (replacing earlier versions').</summary>
    public async ValueTask IndexTriggersAsync(WorkflowDefinition published, CancellationToken cancellationToken = default)
    {
        var triggers = Compile(published).Triggers
            .Select(t => new StoredTrigger(published.DefinitionId, published.Id, t.Activity.Id, t.Spec.Name, BookmarkHash.Compute(t.Spec.Name, t.Spec.Key), t.Spec.Key, t.Spec.Payload))
            .ToList();
        await Triggers.ReplaceAsync(published.DefinitionId, triggers, cancellationToken);
    }

    /// <summary>The compiled form of a definition version, compiled once.</summary>
    public CompiledWorkflow Compile(WorkflowDefinition definition) => _compiled.Get(definition);

    public async ValueTask<RunResult> StartAsync(string definitionId, StartWorkflowRequest request, CancellationToken cancellationToken = default)
    {
        var definition = await Definitions.FindPublishedAsync(definitionId, cancellationToken)
            ?? throw new WorkflowNotFoundException($"no published workflow '{definitionId}'");
        return await StartAsync(definition, request, cancellationToken);
    }

    public async ValueTask<RunResult> StartAsync(WorkflowDefinition definition, StartWorkflowRequest request, CancellationToken cancellationToken = default)
    {
        var result = await Runner.StartAsync(Compile(definition), request, cancellationToken);
        await CommitAsync(result, cancellationToken);
        return result;
    }

    /// <summary>Resumes one bookmark; null when the bookmark is already gone (consumed by an earlier stimulus).</summary>
    public async ValueTask<RunResult?> ResumeAsync(string instanceId, string bookmarkId, object? input, CancellationToken cancellationToken = default)
    {
        RunResult result;
        await using (await _locks.AcquireAsync(instanceId, cancellationToken))
        {
            var instance = await Instances.FindAsync(instanceId, cancellationToken);
            if (instance is null || instance.IsFinished || !instance.Bookmarks.Exists(b => b.Id == bookmarkId))
            {
                return null;
            }

            result = await Runner.ResumeAsync(await CompileForAsync(instance, cancellationToken), instance, bookmarkId, input, cancellationToken);
            await CommitOnlyAsync(result, cancellationToken);
        }

        await FollowUpAsync(result, cancellationToken);
        return result;
    }

    /// <summary>Delivers a stimulus: starts the published workflows it triggers and resumes the bookmarks waiting on it.</summary>
    public async ValueTask<IReadOnlyList<RunResult>> DeliverAsync(string stimulusName, string key, string? correlationId, object? input, CancellationToken cancellationToken = default)
    {
        var hash = BookmarkHash.Compute(stimulusName, key);
        var results = new List<RunResult>();
        foreach (var trigger in await Triggers.FindAsync(stimulusName, hash, cancellationToken))
        {
            var definition = await Definitions.FindPublishedAsync(trigger.DefinitionId, cancellationToken);
            if (definition is null || definition.Id != trigger.DefinitionVersionId)
            {
                continue;
            }

            results.Add(await StartAsync(definition, new StartWorkflowRequest { CorrelationId = correlationId, TriggerActivityId = trigger.ActivityId, TriggerInput = input }, cancellationToken));
        }

        foreach (var bookmark in await Bookmarks.FindAsync(stimulusName, hash, correlationId, cancellationToken))
        {
            if (await ResumeAsync(bookmark.WorkflowInstanceId, bookmark.Id, input, cancellationToken) is { } resumed)
            {
                results.Add(resumed);
            }
        }

        return results;
    }

    public ValueTask<IReadOnlyList<RunResult>> PublishEventAsync(string eventName, string? correlationId, object? payload, CancellationToken cancellationToken = default) =>
        DeliverAsync(Event.StimulusName, eventName, correlationId, payload, cancellationToken);

    public ValueTask<IReadOnlyList<RunResult>> CompleteTaskAsync(string taskId, object? result, CancellationToken cancellationToken = default) =>
        DeliverAsync(RunTask.StimulusName, taskId, null, result, cancellationToken);

    /// <summary>
    /// Resumes every timer bookmark due by the runner's clock and returns the runs it resumed. One that cannot be resumed
    /// (its definition gone, a conflict) does not hold up the others; the failures are raised together at the end, and
    /// the alarm retries them. Hosts firing large backlogs use the counting overload, which keeps nothing.
    /// </summary>
    public async ValueTask<IReadOnlyList<RunResult>> FireDueTimersAsync(CancellationToken cancellationToken = default)
    {
        var results = new List<RunResult>();
        await FireDueTimersAsync(
            resumed =>
            {
                lock (results)
                {
                    results.Add(resumed);
                }
            },
            cancellationToken);
        return results;
    }

    /// <summary>
    /// Resumes every timer bookmark due by the runner's clock, reading them a page at a time in due order, and returns how
    /// many runs it resumed; <paramref name="onResumed"/> sees each (from several threads at once during a backlog).
    /// A page of more than <see cref="EngineOptions.TimerParallelism"/> timers fires in parallel lanes, one per instance,
    /// so commits share fsyncs; an instance's own timers stay in due order, and one page ends before the next begins.
    /// </summary>
    public async ValueTask<int> FireDueTimersAsync(Action<RunResult>? onResumed, CancellationToken cancellationToken = default)
    {
        var now = Runner.TimeProvider.GetUtcNow();
        var options = Runner.Options;
        var pageSize = Math.Max(1, options.TimerPageSize);
        var parallelism = options.TimerParallelism;
        var fired = 0;
        List<Exception>? failures = null;
        var failuresGate = new Lock();
        DuePosition? after = null;
        while (true)
        {
            var page = await Bookmarks.FindDueAsync(now, after, pageSize, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            after = DuePosition.Of(page[^1]);
            if (page.Count <= parallelism || parallelism <= 1)
            {
                foreach (var bookmark in page)
                {
                    await FireAsync(bookmark, cancellationToken);
                }
            }
            else
            {
                var lanes = page.GroupBy(b => b.WorkflowInstanceId, StringComparer.Ordinal);
                await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (lane, token) =>
                {
                    foreach (var bookmark in lane)
                    {
                        await FireAsync(bookmark, token);
                    }
                });
            }

            if (page.Count < pageSize)
            {
                break;
            }
        }

        if (failures is { Count: > 0 })
        {
            throw new AggregateException($"{failures.Count} due timer(s) could not be resumed; {fired} were", failures);
        }

        return fired;

        async ValueTask FireAsync(Bookmark bookmark, CancellationToken token)
        {
            try
            {
                if (await ResumeAsync(bookmark.WorkflowInstanceId, bookmark.Id, null, token) is { } resumed)
                {
                    Interlocked.Increment(ref fired);
                    onResumed?.Invoke(resumed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var failure = new InvalidOperationException($"timer {bookmark.Id} of instance {bookmark.WorkflowInstanceId} could not be resumed: {ex.Message}", ex);
                lock (failuresGate)
                {
                    (failures ??= []).Add(failure);
                }
            }
        }
    }

    public async ValueTask<RunResult> RetryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        RunResult result;
        await using (await _locks.AcquireAsync(instanceId, cancellationToken))
        {
            var instance = await Instances.FindAsync(instanceId, cancellationToken) ?? throw new WorkflowNotFoundException($"no workflow instance '{instanceId}'");
            result = await Runner.RetryAsync(await CompileForAsync(instance, cancellationToken), instance, cancellationToken);
            await CommitOnlyAsync(result, cancellationToken);
        }

        await FollowUpAsync(result, cancellationToken);
        return result;
    }

    /// <summary>Resolves one open incident of an instance (see <see cref="WorkflowRunner.ResolveIncident"/>).</summary>
    public async ValueTask<RunResult> ResolveIncidentAsync(string instanceId, string incidentId, string? resolvedBy, CancellationToken cancellationToken = default)
    {
        await using (await _locks.AcquireAsync(instanceId, cancellationToken))
        {
            var instance = await Instances.FindAsync(instanceId, cancellationToken) ?? throw new WorkflowNotFoundException($"no workflow instance '{instanceId}'");
            var result = Runner.ResolveIncident(instance, incidentId, resolvedBy);
            await CommitOnlyAsync(result, cancellationToken);
            return result;
        }
    }

    public async ValueTask<RunResult> CancelAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        RunResult result;
        await using (await _locks.AcquireAsync(instanceId, cancellationToken))
        {
            var instance = await Instances.FindAsync(instanceId, cancellationToken) ?? throw new WorkflowNotFoundException($"no workflow instance '{instanceId}'");
            result = Runner.Cancel(await CompileForAsync(instance, cancellationToken), instance);
            await CommitOnlyAsync(result, cancellationToken);
        }

        await FollowUpAsync(result, cancellationToken);
        return result;
    }

    /// <summary>Plans, and unless <paramref name="dryRun"/>, performs moving an instance to another version; the move is journaled.</summary>
    public async ValueTask<MigrationPlan> MigrateAsync(string instanceId, int targetVersion, bool dryRun, CancellationToken cancellationToken = default)
    {
        await using (await _locks.AcquireAsync(instanceId, cancellationToken))
        {
            var instance = await Instances.FindAsync(instanceId, cancellationToken) ?? throw new WorkflowNotFoundException($"no workflow instance '{instanceId}'");
            var target = await Definitions.FindVersionAsync(instance.DefinitionId, targetVersion, cancellationToken)
                ?? throw new WorkflowNotFoundException($"workflow '{instance.DefinitionId}' has no version {targetVersion}");
            var source = await CompileForAsync(instance, cancellationToken);
            var compiledTarget = Compile(target);
            var plan = WorkflowMigration.Plan(instance, source, compiledTarget);
            if (dryRun || !plan.CanMigrate)
            {
                return plan;
            }

            var moved = WorkflowMigration.Apply(instance, source, compiledTarget);
            var changes = new WorkflowChangeSet();
            if (moved.Root is { } root)
            {
                changes.Journal.Add(new JournalEntry(++moved.JournalSequence, Runner.TimeProvider.GetUtcNow(), root.Activity.Id, root.Activity.NodeId, root.Activity.Type, JournalEvent.Migrated, null, $"moved from version {plan.FromVersion} to version {plan.ToVersion}"));
            }

            await _committer.CommitAsync(new RunResult(moved, changes), cancellationToken);
            return plan;
        }
    }

    async ValueTask<ChildWorkflowResult> IWorkflowInvoker.InvokeAsync(ChildWorkflowRequest request, CancellationToken cancellationToken)
    {
        var result = await StartAsync(request.DefinitionId, new StartWorkflowRequest
        {
            Input = request.Input,
            CorrelationId = request.CorrelationId,
            ParentInstanceId = request.ParentInstanceId,
        }, cancellationToken);
        var instance = result.Instance;
        return new ChildWorkflowResult(instance.Id, instance.Status, instance.SubStatus, instance.Output);
    }

    private async ValueTask<CompiledWorkflow> CompileForAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var definition = await Definitions.FindVersionAsync(instance.DefinitionId, instance.Version, cancellationToken)
            ?? throw new WorkflowNotFoundException($"workflow '{instance.DefinitionId}' version {instance.Version} is gone");
        return Compile(definition);
    }

    private async ValueTask CommitAsync(RunResult result, CancellationToken cancellationToken)
    {
        await CommitOnlyAsync(result, cancellationToken);
        await FollowUpAsync(result, cancellationToken);
    }

    /// <summary>Makes the burst durable and tells the observers; called under the instance's lock.</summary>
    private async ValueTask CommitOnlyAsync(RunResult result, CancellationToken cancellationToken)
    {
        await _committer.CommitAsync(result, cancellationToken);
        foreach (var observer in _observers)
        {
            await observer.OnCommittedAsync(result, cancellationToken);
        }

        BurstCommitted?.Invoke(result);
    }

    /// <summary>What a committed burst sets off: published events, dispatched workflows, parents waiting on a finished child. Outside the lock, as it may run other bursts.</summary>
    private async ValueTask FollowUpAsync(RunResult result, CancellationToken cancellationToken)
    {
        var changes = result.Changes;

        foreach (var published in changes.PublishedEvents)
        {
            if (published.TargetInstanceId is { } target)
            {
                var hash = BookmarkHash.Compute(Event.StimulusName, published.EventName);
                foreach (var bookmark in await Bookmarks.FindByInstanceAsync(target, cancellationToken))
                {
                    if (bookmark.Name == Event.StimulusName && bookmark.Hash == hash)
                    {
                        await ResumeAsync(target, bookmark.Id, published.Payload, cancellationToken);
                    }
                }
            }
            else
            {
                await PublishEventAsync(published.EventName, published.CorrelationId, published.Payload, cancellationToken);
            }
        }

        foreach (var dispatch in changes.Dispatches)
        {
            await StartAsync(dispatch.DefinitionId, new StartWorkflowRequest
            {
                InstanceId = dispatch.ChildInstanceId,
                Input = dispatch.Input,
                CorrelationId = dispatch.CorrelationId,
                ParentInstanceId = dispatch.ParentInstanceId,
            }, cancellationToken);
        }

        var instance = result.Instance;
        if (instance.IsFinished && instance.ParentInstanceId is not null)
        {
            var outcome = new ChildWorkflowResult(instance.Id, instance.Status, instance.SubStatus, instance.Output).ToJson();
            await DeliverAsync(ExecuteWorkflow.StimulusName, instance.Id, null, outcome, cancellationToken);
            await DeliverAsync(DispatchWorkflow.StimulusName, instance.Id, null, outcome, cancellationToken);
        }
    }
}

/// <summary>A definition or instance that was asked for does not exist.</summary>
public sealed class WorkflowNotFoundException : Exception
{
    public WorkflowNotFoundException(string message)
        : base(message)
    {
    }

    public WorkflowNotFoundException()
    {
    }

    public WorkflowNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
