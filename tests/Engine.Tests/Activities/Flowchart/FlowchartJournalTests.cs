using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

public sealed class FlowchartJournalTests
{
    [Fact]
    public async Task Journal_TwoActivityChart_RecordsStartedAndCompletedInOrder()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Wf.Definition(Wf.Flowchart([Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B")], [("A", "Done", "B")])));
        var runner = harness.Runtime.Runner;

        var result = await runner.StartAsync(harness.Runtime.Compile(definition), new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Changes.Journal.Select(e => (e.ActivityId, e.Event, e.Outcomes)).ShouldBe(
        [
            ("Flowchart1", JournalEvent.Started, null),
            ("A", JournalEvent.Started, null),
            ("A", JournalEvent.Completed, "Done"),
            ("B", JournalEvent.Started, null),
            ("B", JournalEvent.Completed, "Done"),
            ("Flowchart1", JournalEvent.Completed, "Done"),
            ("Flowchart1", JournalEvent.WorkflowFinished, null),
        ]);
        result.Changes.Journal.Select(e => e.Sequence).ShouldBe([1L, 2L, 3L, 4L, 5L, 6L, 7L]);
        result.Changes.Journal[1].ActivityNodeId.ShouldBe("Flowchart1:A");
        result.Changes.Journal[1].ActivityType.ShouldBe("Elsa.WriteLine");
    }

    [Fact]
    public async Task Journal_ChartWithDelay_SplitsAcrossBursts()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Wf.Definition(Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Delay("Wait", "00:10:00"), Wf.WriteLine("B", "B")],
            [("A", "Done", "Wait"), ("Wait", "Done", "B")])));
        var runner = harness.Runtime.Runner;
        var compiled = harness.Runtime.Compile(definition);

        var first = await runner.StartAsync(compiled, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        var bookmark = first.Instance.Bookmarks.ShouldHaveSingleItem();
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await runner.ResumeAsync(compiled, first.Instance, bookmark.Id, null, TestContext.Current.CancellationToken);

        first.Changes.Journal.Select(e => (e.ActivityId, e.Event)).ShouldBe(
        [
            ("Flowchart1", JournalEvent.Started),
            ("A", JournalEvent.Started),
            ("A", JournalEvent.Completed),
            ("Wait", JournalEvent.Started),
            ("Wait", JournalEvent.Suspended),
        ]);
        second.Changes.Journal.Select(e => (e.ActivityId, e.Event)).ShouldBe(
        [
            ("Wait", JournalEvent.Resumed),
            ("Wait", JournalEvent.Completed),
            ("B", JournalEvent.Started),
            ("B", JournalEvent.Completed),
            ("Flowchart1", JournalEvent.Completed),
            ("Flowchart1", JournalEvent.WorkflowFinished),
        ]);
        second.Changes.Journal[0].Sequence.ShouldBe(6);
        second.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }
}
