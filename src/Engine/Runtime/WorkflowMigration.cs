using System.Text.Json.Nodes;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.State;

namespace Orchestrator.Engine.Runtime;

/// <summary>Something that stops (error) or changes (warning) an instance's move to another version.</summary>
public sealed record MigrationProblem(string? ActivityId, string? NodeId, string Message, bool IsError = true);

/// <summary>What moving one instance to another version would do.</summary>
public sealed record MigrationPlan(string InstanceId, int FromVersion, int ToVersion, IReadOnlyList<MigrationProblem> Problems)
{
    public bool CanMigrate => Problems.All(p => !p.IsError);
}

/// <summary>
/// Moves a suspended instance to another version of its definition: every live activity execution and bookmark
/// must find its activity (same node id, same type) in the target version; variables the target no longer
/// declares are dropped (a warning), new ones start at their initial values.
/// </summary>
public static class WorkflowMigration
{
    public static MigrationPlan Plan(WorkflowInstance instance, CompiledWorkflow source, CompiledWorkflow target)
    {
        var problems = new List<MigrationProblem>();
        var toVersion = target.Definition.Version;
        if (!string.Equals(target.Definition.DefinitionId, instance.DefinitionId, StringComparison.Ordinal))
        {
            problems.Add(new MigrationProblem(null, null, $"version {toVersion} belongs to '{target.Definition.DefinitionId}', not to '{instance.DefinitionId}'"));
        }

        if (instance.IsFinished && instance.SubStatus != WorkflowSubStatus.Faulted)
        {
            problems.Add(new MigrationProblem(null, null, $"the instance is {instance.SubStatus}; only running or faulted instances move"));
        }

        foreach (var context in instance.Contexts())
        {
            var activity = context.Activity;
            var match = target.FindByNodeId(activity.NodeId);
            if (match is null)
            {
                problems.Add(new MigrationProblem(activity.Id, activity.NodeId, $"activity '{activity.Id}' ({activity.Type}) is {Describe(context)}, but version {toVersion} has no activity at '{activity.NodeId}'"));
            }
            else if (!string.Equals(match.Type, activity.Type, StringComparison.Ordinal))
            {
                problems.Add(new MigrationProblem(activity.Id, activity.NodeId, $"activity '{activity.Id}' is {activity.Type} here but {match.Type} in version {toVersion}"));
            }
        }

        foreach (var bookmark in instance.Bookmarks)
        {
            if (target.FindByNodeId(bookmark.ActivityNodeId) is null)
            {
                problems.Add(new MigrationProblem(bookmark.ActivityId, bookmark.ActivityNodeId, $"bookmark '{bookmark.Name}' waits in activity '{bookmark.ActivityId}', which version {toVersion} does not have"));
            }
        }

        foreach (var variable in source.Scope.Variables)
        {
            if (!target.Scope.TryResolve(variable.Definition.Id, out _))
            {
                problems.Add(new MigrationProblem(null, null, $"variable '{variable.Name}' is not declared in version {toVersion}; its value is dropped", IsError: false));
            }
        }

        return new MigrationPlan(instance.Id, instance.Version, toVersion, problems);
    }

    /// <summary>The instance on the target version; throws when the plan has errors.</summary>
    public static WorkflowInstance Apply(WorkflowInstance instance, CompiledWorkflow source, CompiledWorkflow target)
    {
        var plan = Plan(instance, source, target);
        if (!plan.CanMigrate)
        {
            throw new InvalidOperationException($"instance {instance.Id} cannot move to version {plan.ToVersion}: {string.Join("; ", plan.Problems.Where(p => p.IsError).Select(p => p.Message))}");
        }

        var state = JsonNode.Parse(WorkflowStateSerializer.Serialize(instance))!.AsObject();
        state["definitionVersionId"] = target.Definition.Id;
        state["version"] = target.Definition.Version;
        var moved = WorkflowStateSerializer.Deserialize(System.Text.Encoding.UTF8.GetBytes(state.ToJsonString()), target);
        moved.Revision = instance.Revision;
        return moved;
    }

    private static string Describe(ActivityExecutionContext context) =>
        context.BookmarkCount > 0 ? "waiting" : context.Status == ActivityStatus.Faulted ? "faulted" : "running";
}
