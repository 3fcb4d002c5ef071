using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Flowchart;

/// <summary>A node that runs the activity in its <c>body</c> (often a nested flowchart) and completes when it does.</summary>
[Activity("Elsa.FlowNode", Category = "Flow", DisplayName = "Flow node", Description = "Runs its body and completes when the body completes.")]
public sealed class FlowNode : Activity
{
    private Activity? _body;

    public override IReadOnlyList<Activity> Children => _body is null ? [] : [_body];

    protected internal override void Configure(ActivityConfigurator configurator) => _body = configurator.GetActivity("body");

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (_body is null)
        {
            return context.CompleteAsync();
        }

        context.ScheduleChild(_body);
        return default;
    }

    protected internal override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child) => context.CompleteAsync();
}
