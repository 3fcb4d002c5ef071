using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Engine.Compilation;

/// <summary>A definition version ready to run: immutable, shared by all its runs.</summary>
public sealed class CompiledWorkflow
{
    private readonly Dictionary<string, Activity> _byNodeId;
    private readonly Dictionary<string, Activity> _byId;

    internal CompiledWorkflow(
        WorkflowDefinition definition,
        Activity root,
        WorkflowScope scope,
        IReadOnlyList<Activity> activities,
        IReadOnlyList<CompiledTrigger> triggers,
        IReadOnlyList<CompileProblem> problems)
    {
        Definition = definition;
        Root = root;
        Scope = scope;
        Activities = activities;
        Triggers = triggers;
        Problems = problems;
        _byNodeId = activities.ToDictionary(a => a.NodeId, StringComparer.Ordinal);
        _byId = new Dictionary<string, Activity>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            _byId.TryAdd(activity.Id, activity);
        }

        IncidentStrategy = definition.IncidentStrategyType?.Contains("Continue", StringComparison.OrdinalIgnoreCase) == true
            ? IncidentStrategy.Continue
            : IncidentStrategy.Fault;
    }

    public WorkflowDefinition Definition { get; }

    public Activity Root { get; }

    public WorkflowScope Scope { get; }

    public IReadOnlyList<Activity> Activities { get; }

    /// <summary>The start activities marked <c>canStartWorkflow</c>, with what they listen for.</summary>
    public IReadOnlyList<CompiledTrigger> Triggers { get; }

    public IReadOnlyList<CompileProblem> Problems { get; }

    public bool HasErrors => Problems.Any(p => p.Severity == ProblemSeverity.Error);

    public IncidentStrategy IncidentStrategy { get; }

    public Activity? FindByNodeId(string nodeId) => _byNodeId.GetValueOrDefault(nodeId);

    /// <summary>The first activity with this id (ids may repeat inside inlined workflows; node ids do not).</summary>
    public Activity? FindById(string id) => _byId.GetValueOrDefault(id);
}

/// <summary>A trigger of a compiled workflow.</summary>
public sealed record CompiledTrigger(Activity Activity, TriggerSpec Spec);

/// <summary>What an exception in an activity does: fault the workflow (Elsa's default) or record it and go on.</summary>
public enum IncidentStrategy
{
    Fault,
    Continue,
}
