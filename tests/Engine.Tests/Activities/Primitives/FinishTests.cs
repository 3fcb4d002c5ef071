using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Primitives;

public sealed class FinishTests
{
    [Fact]
    public async Task Finish_OtherBranchWaiting_CancelsPendingWorkAndFinishes()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Delay("Wait", "01:00:00"), Wf.WriteLine("B", "B"), Wf.WriteLine("C", "C"), Wf.Activity("Stop", "Elsa.Finish")],
            [("A", "Done", "Wait"), ("Wait", "Done", "B"), ("A", "Done", "C"), ("C", "Done", "Stop")]);
        var definition = await harness.ImportAsync(Wf.Definition(flow));

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Changes.Journal.ShouldContain(e => e.ActivityId == "Wait" && e.Event == JournalEvent.Suspended);
        result.Changes.Journal.ShouldContain(e => e.ActivityId == "Wait" && e.Event == JournalEvent.Cancelled);
        result.Changes.TimerRequests.ShouldBeEmpty();
        result.Instance.Status.ShouldBe(WorkflowStatus.Finished);
        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        result.Instance.Bookmarks.ShouldBeEmpty();
        harness.Lines.ShouldBe(["A", "C"]);
    }

    [Fact]
    public async Task Finish_WaitingBranchInEarlierBurst_BookmarkRemovedFromStore()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Delay("Wait", "01:00:00"), Wf.WriteLine("B", "B"), Event("Cancel", "cancel"), Wf.Activity("Stop", "Elsa.Finish")],
            [("A", "Done", "Wait"), ("Wait", "Done", "B"), ("A", "Done", "Cancel"), ("Cancel", "Done", "Stop")]);
        var instance = await harness.RunJsonAsync(Wf.Definition(flow));
        instance.Bookmarks.Count.ShouldBe(2);

        await harness.Runtime.PublishEventAsync("cancel", null, null, TestContext.Current.CancellationToken);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Bookmarks.ShouldBeEmpty();
        (await harness.Runtime.Bookmarks.FindByInstanceAsync(instance.Id, TestContext.Current.CancellationToken)).ShouldBeEmpty();
        harness.Lines.ShouldBe(["A"]);
    }

    [Fact]
    public async Task Finish_InSequence_LaterStepsDoNotRun()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", Wf.WriteLine("A", "A"), Wf.Activity("Stop", "Elsa.Finish"), Wf.WriteLine("B", "B"))));

        harness.Lines.ShouldBe(["A"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Finish_InNestedFlowchart_FinishesWholeWorkflow()
    {
        await using var harness = new WorkflowHarness();
        var inner = Wf.Flowchart([Wf.WriteLine("X", "X"), Wf.Activity("Stop", "Elsa.Finish")], [("X", "Done", "Stop")], id: "Inner");
        var outer = Wf.Flowchart([Wf.Activity("Node", "Elsa.FlowNode", ("body", inner)), Wf.WriteLine("C", "C")], [("Node", "Done", "C")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(outer));

        harness.Lines.ShouldBe(["X"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }
}
