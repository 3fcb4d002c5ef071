using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Flowchart;

[Activity("Elsa.FlowDecision", Category = "Branching", DisplayName = "Decision", Description = "Takes the True or the False port depending on a condition.", Outcomes = ["True", "False"])]
public sealed class FlowDecision : Activity
{
    [Input(Description = "The condition to evaluate.", UIHint = "code", Required = true)]
    public Input<bool> Condition { get; set; } = Input<bool>.Empty;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var result = await context.EvaluateAsync(Condition);
        await context.CompleteAsync(result ? "True" : "False");
    }
}
