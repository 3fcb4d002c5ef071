using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Bookmarks;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Diagnostics;
using Orchestrator.Engine.Expressions;
using Orchestrator.Engine.Values;

namespace Orchestrator.Engine.Execution;

/// <summary>
/// One execution of an activity within a run: its status, composite state, children and bookmarks.
/// Activities do everything through it: evaluate inputs, set outputs, schedule children, wait, complete.
/// It is also what expressions evaluated for the activity see.
/// </summary>
public sealed class ActivityExecutionContext : IExpressionContext
{
    private WorkflowExecution? _execution;

    internal ActivityExecutionContext(WorkflowInstance instance, Activity activity, ActivityExecutionContext? parent, int id)
    {
        Instance = instance;
        Activity = activity;
        Parent = parent;
        Id = id;
    }

    public int Id { get; }

    public Activity Activity { get; }

    public ActivityExecutionContext? Parent { get; }

    public WorkflowInstance Instance { get; }

    public ActivityStatus Status { get; internal set; }

    /// <summary>The ports the activity completed with.</summary>
    public Outcomes Outcomes { get; internal set; }

    /// <summary>Composite state (flowchart tokens, loop position); written and read by the activity for persistence.</summary>
    public object? State { get; set; }

    /// <summary>What the resumed stimulus carried; set while <see cref="Activities.Activity.ResumeAsync"/> runs.</summary>
    public object? ResumeInput { get; internal set; }

    /// <summary>The bookmark being resumed; set while <see cref="Activities.Activity.ResumeAsync"/> runs.</summary>
    public Bookmark? ResumedBookmark { get; internal set; }

    /// <summary>True when the run was started by a trigger on this activity: it should complete at once with <see cref="TriggerInput"/>.</summary>
    public bool IsTriggeredStart { get; internal set; }

    public object? TriggerInput { get; internal set; }

    /// <summary>Outcomes requested by a script (<c>setOutcome</c>), for activities whose ports are dynamic.</summary>
    public IReadOnlyList<string>? RequestedOutcomes { get; private set; }

    public TimeProvider TimeProvider => Execution.Runner.TimeProvider;

    public IServiceProvider Services => Execution.Runner.Services;

    public EngineOptions Options => Execution.Runner.Options;

    public CancellationToken CancellationToken => _execution?.CancellationToken ?? CancellationToken.None;

    public string WorkflowInstanceId => Instance.Id;

    public string WorkflowDefinitionId => Instance.DefinitionId;

    public int WorkflowVersion => Instance.Version;

    public string? CorrelationId
    {
        get => Instance.CorrelationId;
        set => Instance.CorrelationId = value;
    }

    public string? WorkflowInstanceName
    {
        get => Instance.Name;
        set => Instance.Name = value;
    }

    internal List<ActivityExecutionContext>? Children { get; set; }

    /// <summary>Set on the execution that owns a workflow scope (the root, a workflow used as an activity).</summary>
    internal WorkflowScope? OwnedScope { get; set; }

    internal object?[]? Variables { get; set; }

    internal Dictionary<string, object?>? ScopeInput { get; set; }

    internal Dictionary<string, object?>? ScopeOutput { get; set; }

    internal bool HasCurrentValue { get; set; }

    internal object? CurrentValue { get; set; }

    internal int BookmarkCount { get; set; }

    internal WorkflowExecution Execution => _execution ?? throw new InvalidOperationException("The activity execution is not part of a running burst");

    internal WorkflowExecution? ExecutionOrNull => _execution;

    /// <summary>Live child executions.</summary>
    public IReadOnlyList<ActivityExecutionContext> ChildContexts => Children ?? (IReadOnlyList<ActivityExecutionContext>)[];

    public T GetRequiredService<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public T? GetService<T>() => Services.GetService<T>();

    internal void Attach(WorkflowExecution execution) => _execution = execution;

    // ---- inputs and outputs ----

    /// <summary>Evaluates an input and converts it to its type; a failure names the input.</summary>
    public ValueTask<T?> EvaluateAsync<T>(Input<T> input)
    {
        if (input.IsConstant)
        {
            return new ValueTask<T?>(input.Constant);
        }

        var compiled = input.Compiled;
        if (compiled is null)
        {
            return default;
        }

        ValueTask<object?> pending;
        try
        {
            pending = compiled.EvaluateAsync(this);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw InputFailure(input, ex);
        }

        if (pending.IsCompletedSuccessfully)
        {
            return new ValueTask<T?>(ConvertInput<T>(input, pending.Result));
        }

        return AwaitInput<T>(input, pending);
    }

    /// <summary>Evaluates an input whose type is known only at run time.</summary>
    public async ValueTask<object?> EvaluateAsync(Input input)
    {
        if (input.IsConstant)
        {
            return input.BoxedConstant;
        }

        if (input.Compiled is null)
        {
            return null;
        }

        object? value;
        try
        {
            value = await input.Compiled.EvaluateAsync(this);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw InputFailure(input, ex);
        }

        try
        {
            return ValueConverter.Convert(value, input.ValueType);
        }
        catch (FormatException ex)
        {
            throw InputFailure(input, ex);
        }
    }

    /// <summary>Writes an output to the variable or workflow output it is bound to, and records it for <c>get&lt;Output&gt;From&lt;Activity&gt;()</c>.</summary>
    public void SetOutput<T>(Output<T> output, T? value, string outputName = "Result")
    {
        RecordActivityOutput(outputName, value);
        if (output.Target is { } target)
        {
            WriteTarget(target, value);
        }
    }

    /// <summary>Records the activity's result as the run's last result.</summary>
    public void SetResult(object? value) => Instance.LastResult = value;

    /// <summary>Sets a workflow output of this activity's scope.</summary>
    public void SetWorkflowOutput(string name, object? value)
    {
        var scopeContext = FindScopeContext(Activity.Scope);
        var outputs = scopeContext?.ScopeOutput ?? Instance.Output;
        outputs[name] = value;
    }

    public object? GetVariable(VariableSlot slot)
    {
        var values = FindScopeContext(ScopeOf(slot))?.Variables;
        return values is null ? null : values[slot.Index];
    }

    public void SetVariable(VariableSlot slot, object? value)
    {
        var values = FindScopeContext(ScopeOf(slot))?.Variables
            ?? throw new InvalidOperationException($"variable '{slot.Name}' is not in scope");
        values[slot.Index] = ConvertForVariable(slot, value);
    }

    // ---- scheduling, waiting, completing ----

    /// <summary>Schedules a child activity to run after the current work item; returns its execution.</summary>
    public ActivityExecutionContext ScheduleChild(Activity child)
    {
        var execution = Execution;
        var context = new ActivityExecutionContext(Instance, child, this, Instance.NextContextId++);
        context.Attach(execution);
        (Children ??= new List<ActivityExecutionContext>(2)).Add(context);
        execution.Enqueue(new WorkItem(context, WorkKind.Execute, null, null));
        return context;
    }

    /// <summary>Schedules a child that sees <paramref name="currentValue"/> as <c>getCurrentValue()</c> (loop bodies).</summary>
    public ActivityExecutionContext ScheduleChild(Activity child, object? currentValue)
    {
        var context = ScheduleChild(child);
        context.HasCurrentValue = true;
        context.CurrentValue = currentValue;
        return context;
    }

    /// <summary>Creates a bookmark: the activity waits until a matching stimulus (or its due time) resumes it.</summary>
    public Bookmark CreateBookmark(string name, string? key = null, JsonObject? payload = null, DateTimeOffset? dueAt = null)
    {
        var execution = Execution;
        var bookmark = new Bookmark
        {
            Id = Guid.CreateVersion7(TimeProvider.GetUtcNow()).ToString("N"),
            Name = name,
            Key = key,
            Hash = BookmarkHash.Compute(name, key),
            Payload = payload,
            WorkflowInstanceId = Instance.Id,
            ActivityId = Activity.Id,
            ActivityNodeId = Activity.NodeId,
            ContextId = Id,
            DueAt = dueAt,
            CorrelationId = Instance.CorrelationId,
            CreatedAt = TimeProvider.GetUtcNow(),
        };
        Instance.Bookmarks.Add(bookmark);
        BookmarkCount++;
        execution.Changes.AddBookmark(bookmark);
        execution.Journal(this, JournalEvent.Suspended, null, dueAt is null ? name : $"{name} due {dueAt:O}");
        return bookmark;
    }

    /// <summary>Removes this execution's bookmarks (when it stops waiting on some of them).</summary>
    public void ClearBookmarks()
    {
        if (BookmarkCount == 0)
        {
            return;
        }

        var bookmarks = Instance.Bookmarks;
        for (var i = bookmarks.Count - 1; i >= 0; i--)
        {
            if (bookmarks[i].ContextId == Id)
            {
                _execution?.Changes.RemoveBookmark(bookmarks[i]);
                bookmarks.RemoveAt(i);
            }
        }

        BookmarkCount = 0;
    }

    public ValueTask CompleteAsync() => CompleteAsync(Outcomes.Done);

    public ValueTask CompleteAsync(string outcome) => CompleteAsync(new Outcomes(outcome));

    /// <summary>Completes the activity with its outcomes and tells its parent.</summary>
    public ValueTask CompleteAsync(Outcomes outcomes)
    {
        if (Status is ActivityStatus.Completed or ActivityStatus.Canceled or ActivityStatus.Faulted)
        {
            return default;
        }

        var execution = Execution;
        Status = ActivityStatus.Completed;
        Outcomes = outcomes;
        ClearBookmarks();
        if (Children is { Count: > 0 })
        {
            CancelChildren();
        }

        execution.Journal(this, JournalEvent.Completed, outcomes.Count == 1 ? outcomes[0] : outcomes.ToString(), null);

        if (Parent is null)
        {
            execution.Journal(this, JournalEvent.WorkflowFinished, null, null);
            execution.FinishWorkflow(WorkflowSubStatus.Finished);
            return default;
        }

        Parent.Children?.Remove(this);
        return NotifyParentAsync(Parent, this);
    }

    public ValueTask FireOutcomeAsync(string outcome) => FireOutcomeAsync(new Outcomes(outcome));

    /// <summary>
    /// Fires outcome ports while the activity keeps running (an SLA timer's warning, a breach): the parent schedules
    /// what those ports lead to, and this execution stays running with its bookmarks, so its workflow does not finish.
    /// Only a flowchart routes ports; other parents ignore them.
    /// </summary>
    public ValueTask FireOutcomeAsync(Outcomes outcomes)
    {
        if (Status != ActivityStatus.Running)
        {
            throw new InvalidOperationException($"activity '{Activity.Id}' is {Status}: only a running activity can fire an outcome without completing");
        }

        Execution.Journal(this, JournalEvent.Note, outcomes.ToString(), "outcome fired; the activity keeps running");
        return Parent is null || outcomes.Count == 0 ? default : NotifyParentOfOutcomeAsync(Parent, this, outcomes);
    }

    /// <summary>Ends the activity and its workflow scope at once (Elsa.Complete, Elsa.Finish): everything else in the scope is cancelled.</summary>
    public ValueTask CompleteScopeAsync(Outcomes outcomes, bool wholeWorkflow = false)
    {
        var scope = this;
        while (scope.Parent is not null && (wholeWorkflow || scope.OwnedScope is null))
        {
            scope = scope.Parent;
        }

        scope.CancelChildren();
        return scope.Activity.CompleteScopeAsync(scope, outcomes);
    }

    /// <summary>Cancels one child execution and its descendants.</summary>
    public void CancelChild(ActivityExecutionContext child)
    {
        CancelTree(child);
        Children?.Remove(child);
        Activity.OnChildCancelled(this, child);
    }

    /// <summary>Cancels every child execution.</summary>
    public void CancelChildren()
    {
        if (Children is not { Count: > 0 } children)
        {
            return;
        }

        foreach (var child in children.ToArray())
        {
            CancelChild(child);
        }
    }

    /// <summary>Raises the outcomes a script asked for.</summary>
    public void SetOutcomes(IReadOnlyList<string> outcomes) => RequestedOutcomes = outcomes;

    /// <summary>Adds a message to the outbox, committed with the burst and sent after.</summary>
    public void AddOutboxMessage(string channel, string idempotencyKey, JsonObject payload)
    {
        var message = new OutboxMessage(Guid.CreateVersion7(TimeProvider.GetUtcNow()).ToString("N"), channel, idempotencyKey, payload, Instance.Id, Activity.Id);
        Execution.Changes.AddOutbox(message);
    }

    /// <summary>Writes a line to the journal about this activity.</summary>
    public void JournalNote(string message) => Execution.Journal(this, JournalEvent.Note, null, message);

    /// <summary>
    /// Records an incident on the instance without faulting: the activity goes on, the incident is stored with the
    /// burst and stays open until resolved. A retry does not touch it (it resolves faults only).
    /// </summary>
    public Incident RaiseIncident(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        var now = TimeProvider.GetUtcNow();
        var incident = new Incident(Guid.CreateVersion7(now).ToString("N"), Activity.Id, Activity.NodeId, Activity.Type, message, null, now, Id) { IsFault = false };
        Instance.Incidents.Add(incident);
        Execution.Changes.AddIncident(incident);
        EngineTelemetry.Incidents.Add(1, new KeyValuePair<string, object?>("activity.type", incident.ActivityType));
        Execution.Journal(this, JournalEvent.Note, null, "incident: " + message);
        return incident;
    }

    internal void AddDispatch(DispatchRequest request) => Execution.Changes.AddDispatch(request);

    internal void AddPublishedEvent(PublishedEvent published) => Execution.Changes.AddEvent(published);

    internal void AddTaskRequest(TaskRequest task) => Execution.Changes.AddTask(task);

    /// <summary>
    /// Records the current state of a human task this activity owns; the durable host writes it in the burst's own
    /// transaction, so a task list never misses a task its workflow waits on.
    /// </summary>
    public void RecordTask(string taskId, JsonObject record) =>
        Execution.Changes.AddTaskChange(new TaskChange(taskId, Instance.Id, Activity.Id, (JsonObject)record.DeepClone()));

    /// <summary>
    /// Records the current state of a read-model row of <paramref name="kind"/> this activity owns (an SLA cycle, say);
    /// the durable host writes it in the burst's own transaction, so the row and the run never disagree.
    /// </summary>
    public void RecordReadModel(string kind, string key, JsonObject record) =>
        Execution.Changes.AddReadModelChange(new ReadModelChange(kind, key, Instance.Id, Activity.Id, (JsonObject)record.DeepClone()));

    // ---- IExpressionContext ----

    public IReadOnlyList<string> VariableNames
    {
        get
        {
            var scope = Activity.Scope;
            return [.. scope.Variables.Select(v => v.Name)];
        }
    }

    public bool TryGetVariable(string name, out object? value)
    {
        if (Activity.Scope.TryResolve(name, out var slot))
        {
            value = GetVariable(slot);
            return true;
        }

        value = null;
        return false;
    }

    void IExpressionContext.SetVariable(string name, object? value)
    {
        if (!Activity.Scope.TryResolve(name, out var slot))
        {
            throw new ExpressionException($"variable '{name}' is not declared");
        }

        try
        {
            SetVariable(slot, value);
        }
        catch (FormatException ex)
        {
            throw new ExpressionException($"variable '{name}': {ex.Message}", ex);
        }
    }

    public IReadOnlyCollection<string> InputNames
    {
        get
        {
            var input = ScopeInputs;
            var names = new List<string>(input.Keys);
            foreach (var declared in Activity.Scope.Inputs)
            {
                if (!input.ContainsKey(declared.Name))
                {
                    names.Add(declared.Name);
                }
            }

            return names;
        }
    }

    public bool TryGetInput(string name, out object? value)
    {
        if (ScopeInputs.TryGetValue(name, out value))
        {
            return true;
        }

        value = null;
        return Activity.Scope.Inputs.Any(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    public bool TryGetCurrentValue(out object? value)
    {
        for (var context = this; context is not null; context = context.Parent)
        {
            if (context.HasCurrentValue)
            {
                value = context.CurrentValue;
                return true;
            }
        }

        value = null;
        return false;
    }

    public IReadOnlyList<(string ActivityName, string OutputName)> ActivityOutputs =>
        Instance.ActivityOutputs is { } outputs
            ? [.. outputs.SelectMany(a => a.Value.Keys.Select(o => (a.Key, o)))]
            : [];

    public bool TryGetActivityOutput(string activityName, string outputName, out object? value)
    {
        value = null;
        return Instance.ActivityOutputs?.TryGetValue(activityName, out var outputs) == true
            && outputs.TryGetValue(outputName, out value);
    }

    public object? LastResult => Instance.LastResult;

    private Dictionary<string, object?> ScopeInputs => FindScopeContext(Activity.Scope)?.ScopeInput ?? Instance.Input;

    // ---- internals ----

    internal ActivityExecutionContext? FindScopeContext(WorkflowScope scope)
    {
        for (var context = this; context is not null; context = context.Parent)
        {
            if (ReferenceEquals(context.OwnedScope, scope))
            {
                return context;
            }
        }

        return null;
    }

    internal void CancelTree(ActivityExecutionContext context)
    {
        if (context.Children is { Count: > 0 } children)
        {
            foreach (var child in children.ToArray())
            {
                CancelTree(child);
            }

            children.Clear();
        }

        if (context.Status is ActivityStatus.Completed or ActivityStatus.Canceled)
        {
            return;
        }

        context.Status = ActivityStatus.Canceled;
        context.ClearBookmarks();
        context.Activity.OnCancelled(context);
        _execution?.Journal(context, JournalEvent.Cancelled, null, null);
    }

    private static async ValueTask NotifyParentAsync(ActivityExecutionContext parent, ActivityExecutionContext child)
    {
        try
        {
            await parent.Activity.OnChildCompletedAsync(parent, child);
        }
        catch (Exception ex) when (ex is not ActivityFaultException and not OperationCanceledException)
        {
            throw new ActivityFaultException(parent, ex);
        }
    }

    private static async ValueTask NotifyParentOfOutcomeAsync(ActivityExecutionContext parent, ActivityExecutionContext child, Outcomes outcomes)
    {
        try
        {
            await parent.Activity.OnChildOutcomeAsync(parent, child, outcomes);
        }
        catch (Exception ex) when (ex is not ActivityFaultException and not OperationCanceledException)
        {
            throw new ActivityFaultException(parent, ex);
        }
    }

    private static WorkflowScope ScopeOf(VariableSlot slot) => slot.Scope;

    private static object? ConvertForVariable(VariableSlot slot, object? value) =>
        slot.ClrType == typeof(object) ? value : ValueConverter.Convert(value, slot.ClrType);

    private void WriteTarget(OutputTarget target, object? value)
    {
        var scopeContext = FindScopeContext(target.Scope);
        if (target.Variable is { } slot)
        {
            if (scopeContext?.Variables is { } values)
            {
                values[slot.Index] = ConvertForVariable(slot, value);
            }
        }
        else if (target.OutputName is { } name)
        {
            (scopeContext?.ScopeOutput ?? Instance.Output)[name] = value;
        }
    }

    private void RecordActivityOutput(string outputName, object? value)
    {
        var name = Activity.Name ?? Activity.Id;
        var all = Instance.ActivityOutputs ??= new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        if (!all.TryGetValue(name, out var outputs))
        {
            outputs = new Dictionary<string, object?>(StringComparer.Ordinal);
            all[name] = outputs;
        }

        outputs[outputName] = value;
    }

    private static T? ConvertInput<T>(Input input, object? value)
    {
        try
        {
            return ValueConverter.Convert<T>(value);
        }
        catch (FormatException ex)
        {
            throw InputFailure(input, ex);
        }
    }

    private static async ValueTask<T?> AwaitInput<T>(Input input, ValueTask<object?> pending)
    {
        object? value;
        try
        {
            value = await pending;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw InputFailure(input, ex);
        }

        return ConvertInput<T>(input, value);
    }

    private static InputEvaluationException InputFailure(Input input, Exception ex) =>
        new(input.Field ?? "input", ex.Message, ex);
}

/// <summary>An input could not be evaluated or converted; the message names the input.</summary>
public sealed class InputEvaluationException : Exception
{
    public InputEvaluationException(string field, string message, Exception innerException)
        : base($"input '{field}': {message}", innerException)
    {
        Field = field;
    }

    public InputEvaluationException()
    {
        Field = string.Empty;
    }

    public InputEvaluationException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    public InputEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    public string Field { get; }
}

/// <summary>An exception raised while a composite reacted to its child; carries the composite so the incident names it.</summary>
internal sealed class ActivityFaultException(ActivityExecutionContext context, Exception inner)
    : Exception(inner.Message, inner)
{
    public ActivityExecutionContext Context { get; } = context;
}
