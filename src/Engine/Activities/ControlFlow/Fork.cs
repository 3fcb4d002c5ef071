using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.ControlFlow;

[Activity("Elsa.Fork", Category = "Branching", DisplayName = "Parallel branches", Description = "Runs its branches at once; completes when all (or the first) complete.")]
public sealed class Fork : Activity
{
    private IReadOnlyList<Activity> _branches = [];

    [Input(Description = "WaitAll completes when every branch has; WaitAny when the first has, cancelling the rest.", UIHint = "dropdown", Options = ["WaitAll", "WaitAny"], DefaultValue = "WaitAll")]
    public Input<ForkJoinMode> JoinMode { get; set; } = Input<ForkJoinMode>.Empty;

    public override IReadOnlyList<Activity> Children => _branches;

    protected internal override void Configure(ActivityConfigurator configurator) => _branches = configurator.GetActivities("branches");

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (_branches.Count == 0)
        {
            return context.CompleteAsync();
        }

        foreach (var branch in _branches)
        {
            context.ScheduleChild(branch);
        }

        return default;
    }

    protected internal override async ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child)
    {
        var mode = await context.EvaluateAsync(JoinMode);
        if (mode == ForkJoinMode.WaitAny || context.ChildContexts.Count == 0)
        {
            await context.CompleteAsync();
        }
    }
}

public enum ForkJoinMode
{
    WaitAll,
    WaitAny,
}
