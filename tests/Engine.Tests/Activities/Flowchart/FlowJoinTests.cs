using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

public sealed class FlowJoinTests
{
    [Theory]
    [InlineData(FlowchartMode.Counter)]
    [InlineData(FlowchartMode.Token)]
    public async Task WaitAny_TwoBranchesArrive_NextActivityRunsOnce(FlowchartMode mode)
    {
        await using var harness = new WorkflowHarness(mode);
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B"), Wf.WriteLine("C", "C"), Join("Join", "WaitAny"), Wf.WriteLine("D", "D")],
            [("A", "Done", "B"), ("A", "Done", "C"), ("B", "Done", "Join"), ("C", "Done", "Join"), ("Join", "Done", "D")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.Count(l => l == "D").ShouldBe(1);
        harness.Lines[^1].ShouldBe("D");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task WaitAny_EventWinsOverDelay_DelayCancelledAndBookmarkRemoved()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Delay("Timeout", "01:00:00"), Event("Ack", "ack"), Join("Join", "WaitAny"), Wf.WriteLine("D", "D")],
            [("A", "Done", "Timeout"), ("A", "Done", "Ack"), ("Timeout", "Done", "Join"), ("Ack", "Done", "Join"), ("Join", "Done", "D")]);
        var instance = await harness.RunJsonAsync(Wf.Definition(flow));
        instance.Bookmarks.Select(b => b.ActivityId).ShouldBe(["Timeout", "Ack"], ignoreOrder: true);

        var results = await harness.Runtime.PublishEventAsync("ack", null, null, TestContext.Current.CancellationToken);

        var result = results.ShouldHaveSingleItem();
        result.Changes.BookmarksRemoved.Select(b => b.ActivityId).ShouldContain("Timeout");
        result.Changes.Journal.ShouldContain(e => e.ActivityId == "Timeout" && e.Event == JournalEvent.Cancelled);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Bookmarks.ShouldBeEmpty();
        (await harness.Runtime.Bookmarks.FindByInstanceAsync(instance.Id, TestContext.Current.CancellationToken)).ShouldBeEmpty();
        harness.Lines.ShouldBe(["A", "D"]);
    }

    [Fact]
    public async Task WaitAny_DelayWinsOverEvent_EventBookmarkRemoved()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Delay("Timeout", "01:00:00"), Event("Ack", "ack"), Join("Join", "WaitAny"), Wf.WriteLine("D", "D")],
            [("A", "Done", "Timeout"), ("A", "Done", "Ack"), ("Timeout", "Done", "Join"), ("Ack", "Done", "Join"), ("Join", "Done", "D")]);
        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Clock.Advance(TimeSpan.FromHours(1));
        await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Bookmarks.ShouldBeEmpty();
        (await harness.Runtime.Bookmarks.FindByInstanceAsync(instance.Id, TestContext.Current.CancellationToken)).ShouldBeEmpty();
        (await harness.Runtime.PublishEventAsync("ack", null, null, TestContext.Current.CancellationToken)).ShouldBeEmpty();
        harness.Lines.ShouldBe(["A", "D"]);
    }

    [Fact]
    public async Task WaitAny_DelayPendingInSameBurst_IsCancelledBeforeItFires()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Delay("Timeout", "01:00:00"), Wf.WriteLine("B1", "B1"), Wf.WriteLine("B2", "B2"), Join("Join", "WaitAny"), Wf.WriteLine("D", "D")],
            [("A", "Done", "Timeout"), ("A", "Done", "B1"), ("B1", "Done", "B2"), ("Timeout", "Done", "Join"), ("B2", "Done", "Join"), ("Join", "Done", "D")]);
        var definition = await harness.ImportAsync(Wf.Definition(flow));

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Changes.Journal.ShouldContain(e => e.ActivityId == "Timeout" && e.Event == JournalEvent.Suspended);
        result.Changes.Journal.ShouldContain(e => e.ActivityId == "Timeout" && e.Event == JournalEvent.Cancelled);
        result.Changes.TimerRequests.ShouldBeEmpty();
        result.Instance.Bookmarks.ShouldBeEmpty();
        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["A", "B1", "B2", "D"]);
    }

    [Theory]
    [InlineData(FlowchartMode.Counter)]
    [InlineData(FlowchartMode.Token)]
    public async Task WaitAll_SecondBranchWaiting_RunsOnceAfterEveryInboundConnection(FlowchartMode mode)
    {
        await using var harness = new WorkflowHarness(mode);
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B"), Delay("Wait", "00:05:00"), Join("Join", "WaitAll"), Wf.WriteLine("D", "D")],
            [("A", "Done", "B"), ("A", "Done", "Wait"), ("B", "Done", "Join"), ("Wait", "Done", "Join"), ("Join", "Done", "D")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "B"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);

        instance = await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["A", "B", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Theory]
    [InlineData(FlowchartMode.Counter)]
    [InlineData(FlowchartMode.Token)]
    public async Task WaitAll_UntakenDecisionBranch_BlocksJoinButFlowchartFinishes(FlowchartMode mode)
    {
        await using var harness = new WorkflowHarness(mode);

        var instance = await harness.RunJsonAsync(DecisionIntoJoin("WaitAll"));

        harness.Lines.ShouldBe(["A", "B"]);
        instance.Status.ShouldBe(WorkflowStatus.Finished);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Theory]
    [InlineData(FlowchartMode.Counter)]
    [InlineData(FlowchartMode.Token)]
    public async Task WaitAllActive_UntakenDecisionBranch_DoesNotBlock(FlowchartMode mode)
    {
        await using var harness = new WorkflowHarness(mode);

        var instance = await harness.RunJsonAsync(DecisionIntoJoin("WaitAllActive"));

        harness.Lines.ShouldBe(["A", "B", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task WaitAllActive_LiveBranchWaiting_JoinWaitsForIt()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B"), Delay("Wait", "00:05:00"), Join("Join", "WaitAllActive"), Wf.WriteLine("D", "D")],
            [("A", "Done", "B"), ("A", "Done", "Wait"), ("B", "Done", "Join"), ("Wait", "Done", "Join"), ("Join", "Done", "D")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "B"]);

        await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["A", "B", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Join_SingleInboundConnection_RunsPerToken()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Join("Join", "WaitAll"), Wf.WriteLine("D", "D")],
            [("A", "Done", "Join"), ("Join", "Done", "D")]);

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "D"]);
    }

    [Theory]
    [InlineData("WaitAny")]
    [InlineData("WaitAll")]
    [InlineData("WaitAllActive")]
    public async Task Join_TwoPortsOfOneForkIntoJoin_NextActivityRunsOnce(string joinMode)
    {
        await using var harness = new WorkflowHarness();
        var fork = Wf.Activity("Fork", "Elsa.FlowFork", ("branches", Wf.Object("""["Left","Right"]""", "String[]")));
        var flow = Wf.Flowchart(
            [fork, Join("Join", joinMode), Wf.WriteLine("D", "D")],
            [("Fork", "Left", "Join"), ("Fork", "Right", "Join"), ("Join", "Done", "D")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Theory]
    [InlineData("WaitAny")]
    [InlineData("WaitAll")]
    [InlineData("WaitAllActive")]
    public async Task Join_InsideBackEdgeLoop_RunsOncePerIteration(string joinMode)
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [
                Wf.Activity("Begin", "Elsa.Start"),
                SetVariable("Inc", "Counter", Wf.Liquid("{{ Counter | plus: 1 }}")),
                Wf.Activity("Fork", "Elsa.FlowFork", ("branches", Wf.Object("""["Left","Right"]""", "String[]"))),
                WriteLiquid("Left", "left {{ Counter }}"),
                Sequence("Right", WriteLiquid("Right1", "right {{ Counter }}")),
                Join("Join", joinMode),
                WriteLiquid("After", "joined {{ Counter }}"),
                SetVariable("Check", "Again", LiquidCondition("Counter < 3")),
                DecisionOnVariable("Loop", "Again"),
            ],
            [
                ("Begin", "Done", "Inc"), ("Inc", "Done", "Fork"), ("Fork", "Left", "Left"), ("Fork", "Right", "Right"),
                ("Left", "Done", "Join"), ("Right", "Done", "Join"), ("Join", "Done", "After"), ("After", "Done", "Check"),
                ("Check", "Done", "Loop"), ("Loop", "True", "Inc"),
            ]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow, [Wf.Variable("Counter", "Int32", "0"), Wf.Variable("Again", "Boolean", "false")]));

        harness.Lines.Where(l => l.StartsWith("joined", StringComparison.Ordinal)).ShouldBe(["joined 1", "joined 2", "joined 3"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    /// <summary>A → decision (true); True → B → join; False → C → join; join → D.</summary>
    private static string DecisionIntoJoin(string joinMode)
    {
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Decision("Check", true), Wf.WriteLine("B", "B"), Wf.WriteLine("C", "C"), Join("Join", joinMode), Wf.WriteLine("D", "D")],
            [("A", "Done", "Check"), ("Check", "True", "B"), ("Check", "False", "C"), ("B", "Done", "Join"), ("C", "Done", "Join"), ("Join", "Done", "D")]);
        return Wf.Definition(flow);
    }
}
