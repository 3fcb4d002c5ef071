using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.ControlFlow;

[Activity("Elsa.Sequence", Category = "Flow", DisplayName = "Sequence", Description = "Runs its activities one after the other.")]
public sealed class Sequence : Activity
{
    private IReadOnlyList<Activity> _activities = [];

    public override IReadOnlyList<Activity> Children => _activities;

    protected internal override void Configure(ActivityConfigurator configurator)
    {
        configurator.DeclareVariables(configurator.Json["variables"]);
        _activities = configurator.GetActivities("activities");
    }

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (_activities.Count == 0)
        {
            return context.CompleteAsync();
        }

        context.ScheduleChild(_activities[0]);
        return default;
    }

    protected internal override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        var next = child.Activity.Slot + 1;
        if (next < _activities.Count)
        {
            context.ScheduleChild(_activities[next]);
            return default;
        }

        return context.CompleteAsync();
    }
}
