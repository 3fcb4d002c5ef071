using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Primitives;

public sealed class EndTests
{
    [Fact]
    public async Task End_OtherBranchWaiting_EndsFlowchartAndWorkflow()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Delay("Wait", "01:00:00"), Wf.WriteLine("B", "B"), Wf.WriteLine("C", "C"), Wf.Activity("Stop", "Elsa.End")],
            [("A", "Done", "Wait"), ("Wait", "Done", "B"), ("A", "Done", "C"), ("C", "Done", "Stop")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Bookmarks.ShouldBeEmpty();
        harness.Lines.ShouldBe(["A", "C"]);
    }

    [Fact]
    public async Task End_InNestedFlowchart_EndsOnlyThatFlowchart()
    {
        await using var harness = new WorkflowHarness();
        var inner = Wf.Flowchart(
            [Wf.WriteLine("X", "X"), Event("Wait", "never"), Wf.WriteLine("Y", "Y"), Wf.Activity("Stop", "Elsa.End")],
            [("X", "Done", "Wait"), ("Wait", "Done", "Y"), ("X", "Done", "Stop")],
            id: "Inner");
        var outer = Wf.Flowchart(
            [Wf.Activity("Node", "Elsa.FlowNode", ("body", inner)), Wf.WriteLine("After", "after"), Event("Outer", "outer"), Wf.WriteLine("Last", "last")],
            [("Node", "Done", "After"), ("After", "Done", "Outer"), ("Outer", "Done", "Last")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(outer));

        harness.Lines.ShouldBe(["X", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        instance.Bookmarks.ShouldHaveSingleItem().ActivityId.ShouldBe("Outer");

        await harness.Runtime.PublishEventAsync("outer", null, null, TestContext.Current.CancellationToken);

        harness.Lines.ShouldBe(["X", "after", "last"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task End_HasNoOutcome_NothingAfterItRuns()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart([Wf.Activity("Stop", "Elsa.End"), Wf.WriteLine("B", "B")], [("Stop", "Done", "B")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBeEmpty();
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }
}
