using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

public sealed class FlowDecisionTests
{
    [Theory]
    [InlineData(true, "yes")]
    [InlineData(false, "no")]
    public async Task Decision_LiteralCondition_TakesMatchingPortOnly(bool condition, string expected)
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Decision("Check", condition), Wf.WriteLine("Yes", "yes"), Wf.WriteLine("No", "no")],
            [("Check", "True", "Yes"), ("Check", "False", "No")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe([expected]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Theory]
    [InlineData("true", "yes")]
    [InlineData("false", "no")]
    public async Task Decision_VariableCondition_ReadsBooleanVariable(string value, string expected)
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [DecisionOnVariable("Check", "Approved"), Wf.WriteLine("Yes", "yes"), Wf.WriteLine("No", "no")],
            [("Check", "True", "Yes"), ("Check", "False", "No")]);

        await harness.RunJsonAsync(Wf.Definition(flow, [Wf.Variable("Approved", "Boolean", value)]));

        harness.Lines.ShouldBe([expected]);
    }

    [Theory]
    [InlineData("P1", "page")]
    [InlineData("P3", "queue")]
    public async Task Decision_LiquidCondition_RendersTrueOrFalse(string priority, string expected)
    {
        await using var harness = new WorkflowHarness();
        var check = Wf.Activity("Check", "Elsa.FlowDecision", ("condition", LiquidCondition("Input.Priority == \"P1\"")));
        var flow = Wf.Flowchart([check, Wf.WriteLine("Page", "page"), Wf.WriteLine("Queue", "queue")], [("Check", "True", "Page"), ("Check", "False", "Queue")]);

        await harness.RunJsonAsync(Wf.Definition(flow), new Dictionary<string, object?> { ["Priority"] = priority });

        harness.Lines.ShouldBe([expected]);
    }
}
