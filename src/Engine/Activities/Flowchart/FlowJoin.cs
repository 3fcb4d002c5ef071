using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Flowchart;

/// <summary>An explicit join; the flowchart decides when it runs from its mode (see <see cref="Flowchart"/>).</summary>
[Activity("Elsa.FlowJoin", Category = "Branching", DisplayName = "Join", Description = "Waits for inbound branches: any, all, or all that are active.")]
public sealed class FlowJoin : Activity
{
    [Input(Description = "WaitAny runs on the first branch and cancels the others; WaitAll waits for every inbound connection; WaitAllActive for every branch that can still arrive.", UIHint = "dropdown", Options = ["WaitAny", "WaitAll", "WaitAllActive"], DefaultValue = "WaitAny")]
    public Input<FlowJoinMode> Mode { get; set; } = Input<FlowJoinMode>.Empty;

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) => context.CompleteAsync();

    internal static JoinRule ToRule(FlowJoinMode mode) => mode switch
    {
        FlowJoinMode.WaitAll => JoinRule.WaitAll,
        FlowJoinMode.WaitAllActive => JoinRule.WaitAllLive,
        _ => JoinRule.FirstToken,
    };
}

public enum FlowJoinMode
{
    WaitAny,
    WaitAll,
    WaitAllActive,
}
