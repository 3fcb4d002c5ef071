using Orchestrator.Engine.Activities.Flowchart;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.ControlFlow;

[Activity("Elsa.Switch", Category = "Branching", DisplayName = "Switch (structured)", Description = "Runs the activity of the first (or every) matching case, else the default.")]
public sealed class Switch : Activity
{
    private SwitchCase[] _cases = [];
    private Activity? _default;

    [Input(Description = "MatchFirst runs the first matching case; MatchAny every matching case.", UIHint = "dropdown", Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst")]
    public Input<SwitchMode> Mode { get; set; } = Input<SwitchMode>.Empty;

    public override IReadOnlyList<Activity> Children => [.. _cases.Select(c => c.Activity).OfType<Activity>(), .. _default is null ? Array.Empty<Activity>() : [_default]];

    protected internal override void Configure(ActivityConfigurator configurator)
    {
        _cases = SwitchCase.Read(configurator, withActivities: true);
        _default = configurator.GetActivity("default");
    }

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var mode = await context.EvaluateAsync(Mode);
        var matched = false;
        foreach (var @case in _cases)
        {
            if (await context.EvaluateAsync(@case.Condition))
            {
                matched = true;
                if (@case.Activity is { } activity)
                {
                    context.ScheduleChild(activity);
                }

                if (mode == SwitchMode.MatchFirst)
                {
                    break;
                }
            }
        }

        if (!matched && _default is not null)
        {
            context.ScheduleChild(_default);
        }

        if (context.ChildContexts.Count == 0)
        {
            await context.CompleteAsync();
        }
    }

    protected internal override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child) =>
        context.ChildContexts.Count == 0 ? context.CompleteAsync() : default;
}
