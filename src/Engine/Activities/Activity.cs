using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities;

/// <summary>
/// The base of every activity. An instance is configured from the definition once, when the workflow is
/// compiled, and is shared by every run of that version: per-run data lives in the
/// <see cref="ActivityExecutionContext"/>, never in fields.
/// </summary>
public abstract class Activity
{
    public string Id { get; internal set; } = string.Empty;

    /// <summary>The activity's path from the root (<c>Flowchart1:Child1:WriteLine1</c>); unique in a compiled workflow.</summary>
    public string NodeId { get; internal set; } = string.Empty;

    public string? Name { get; internal set; }

    /// <summary>The type name as written in the definition.</summary>
    public string Type { get; internal set; } = string.Empty;

    public int TypeVersion { get; internal set; } = 1;

    public Activity? Parent { get; internal set; }

    /// <summary>The variables, inputs and outputs this activity sees.</summary>
    public WorkflowScope Scope { get; internal set; } = WorkflowScope.Empty;

    /// <summary>The activity's JSON as it stands in the definition.</summary>
    public JsonObject Json { get; internal set; } = [];

    public bool CanStartWorkflow { get; internal set; }

    /// <summary>The token-flow join mode from <c>customProperties.mergeMode</c>, if any.</summary>
    public string? MergeMode { get; internal set; }

    /// <summary>Index in the compiled workflow's activity list.</summary>
    internal int Index { get; set; }

    /// <summary>Position among the parent's children (flowchart node, sequence step, branch).</summary>
    internal int Slot { get; set; }

    /// <summary>Child activities, for composites.</summary>
    public virtual IReadOnlyList<Activity> Children => [];

    /// <summary>Reads configuration that is not a plain input (children, cases, variable references).</summary>
    protected internal virtual void Configure(ActivityConfigurator configurator)
    {
    }

    protected internal abstract ValueTask ExecuteAsync(ActivityExecutionContext context);

    /// <summary>Called when one of this activity's bookmarks is resumed; <see cref="ActivityExecutionContext.ResumeInput"/> holds the stimulus.</summary>
    protected internal virtual ValueTask ResumeAsync(ActivityExecutionContext context) => context.CompleteAsync();

    /// <summary>Called when a child scheduled by this activity completes (or ends faulted, with no outcomes).</summary>
    protected internal virtual ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child) => default;

    /// <summary>Called when a running child fires outcome ports without completing (<see cref="ActivityExecutionContext.FireOutcomeAsync(Outcomes)"/>).</summary>
    protected internal virtual ValueTask OnChildOutcomeAsync(ActivityExecutionContext context, ActivityExecutionContext child, Outcomes outcomes) => default;

    /// <summary>Called when this execution is cancelled, before its parent hears of it.</summary>
    protected internal virtual void OnCancelled(ActivityExecutionContext context)
    {
    }

    /// <summary>Completes this activity as the owner of a workflow scope that an Elsa.Complete or Elsa.Finish ended.</summary>
    protected internal virtual ValueTask CompleteScopeAsync(ActivityExecutionContext context, Outcomes outcomes) => context.CompleteAsync(outcomes);

    /// <summary>Called after a child of this activity was cancelled (by a race, a break, a completion).</summary>
    protected internal virtual void OnChildCancelled(ActivityExecutionContext context, ActivityExecutionContext child)
    {
    }

    /// <summary>Writes the composite state kept in <see cref="ActivityExecutionContext.State"/>.</summary>
    protected internal virtual void WriteState(Utf8JsonWriter writer, object state) => writer.WriteNullValue();

    /// <summary>Reads what <see cref="WriteState"/> wrote.</summary>
    protected internal virtual object? ReadState(JsonElement element) => null;

    /// <summary>The outcome ports this configured activity can complete with, when they depend on configuration.</summary>
    public virtual IReadOnlyCollection<string>? DynamicOutcomes => null;

    public override string ToString() => $"{Type} '{Id}'";
}

/// <summary>An activity that can start a workflow when <c>canStartWorkflow</c> is set (events, timers).</summary>
public interface ITriggerActivity
{
    /// <summary>The stimulus that starts the workflow; null when the trigger cannot be indexed (a dynamic expression).</summary>
    TriggerSpec? GetTrigger();
}

/// <summary>What a trigger listens for: a stimulus name, a key hashed for lookup, and a payload (a schedule, an event name).</summary>
public sealed record TriggerSpec(string Name, string Key, JsonObject Payload);
