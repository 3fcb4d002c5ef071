using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Flowchart;

[Activity("Elsa.FlowFork", Category = "Branching", DisplayName = "Fork", Description = "Continues on every named branch at once.")]
[DynamicOutcomes]
public sealed class FlowFork : Activity
{
    [Input(Description = "The branch names; each is an outcome port.", UIHint = "json")]
    public Input<string[]> Branches { get; set; } = Input<string[]>.Empty;

    public override IReadOnlyCollection<string>? DynamicOutcomes => Branches.IsConstant && Branches.Constant is { } names ? names : null;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var branches = await context.EvaluateAsync(Branches) ?? [];
        await context.CompleteAsync(new Outcomes(branches));
    }
}
