using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

public sealed class FlowNodeTests
{
    [Fact]
    public async Task FlowNode_NestedFlowchart_RunsInnerChartBeforeContinuing()
    {
        await using var harness = new WorkflowHarness();
        var inner = Wf.Flowchart([Wf.WriteLine("X", "inner X"), Wf.WriteLine("Y", "inner Y")], [("X", "Done", "Y")], id: "Inner");
        var outer = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Wf.Activity("Node", "Elsa.FlowNode", ("body", inner)), Wf.WriteLine("C", "C")],
            [("A", "Done", "Node"), ("Node", "Done", "C")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(outer));

        harness.Lines.ShouldBe(["A", "inner X", "inner Y", "C"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task FlowNode_InnerChartWaiting_OuterChartWaitsForIt()
    {
        await using var harness = new WorkflowHarness();
        var inner = Wf.Flowchart([Wf.WriteLine("X", "inner X"), Delay("Wait", "00:15:00"), Wf.WriteLine("Y", "inner Y")], [("X", "Done", "Wait"), ("Wait", "Done", "Y")], id: "Inner");
        var outer = Wf.Flowchart(
            [Wf.Activity("Node", "Elsa.FlowNode", ("body", inner)), Wf.WriteLine("C", "C")],
            [("Node", "Done", "C")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(outer));

        harness.Lines.ShouldBe(["inner X"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        instance.Bookmarks.ShouldHaveSingleItem().ActivityNodeId.ShouldBe("Flowchart1:Node:Inner:Wait");

        await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["inner X", "inner Y", "C"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task FlowNode_NoBody_CompletesAtOnce()
    {
        await using var harness = new WorkflowHarness();
        var outer = Wf.Flowchart([Wf.Activity("Node", "Elsa.FlowNode"), Wf.WriteLine("C", "C")], [("Node", "Done", "C")]);

        await harness.RunJsonAsync(Wf.Definition(outer));

        harness.Lines.ShouldBe(["C"]);
    }
}
