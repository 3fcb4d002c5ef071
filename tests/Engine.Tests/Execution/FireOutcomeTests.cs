using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>A running activity fires a port without completing: successors run, the activity and its workflow keep waiting.</summary>
public sealed class FireOutcomeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(FlowchartMode.Token)]
    [InlineData(FlowchartMode.Counter)]
    public async Task FireOutcome_InFlowchart_RunsSuccessorsAndKeepsTheActivityWaiting(FlowchartMode mode)
    {
        await using var harness = new WorkflowHarness(mode, engine: b => b.AddActivity<PulseActivity>());
        var instance = await harness.RunJsonAsync(PulseFlow());

        await harness.Runtime.DeliverAsync(PulseActivity.StimulusName, "pulse", null, "tick", Ct);
        await harness.Runtime.DeliverAsync(PulseActivity.StimulusName, "pulse", null, "tick", Ct);

        var current = (await harness.Runtime.Instances.FindAsync(instance.Id, Ct))!;
        harness.Lines.ShouldBe(["start", "tick", "tick"]);
        current.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        current.Bookmarks.ShouldHaveSingleItem().ActivityId.ShouldBe("pulse");
    }

    [Theory]
    [InlineData(FlowchartMode.Token)]
    [InlineData(FlowchartMode.Counter)]
    public async Task Complete_AfterFiredOutcomes_RunsDoneAndFinishesTheWorkflow(FlowchartMode mode)
    {
        await using var harness = new WorkflowHarness(mode, engine: b => b.AddActivity<PulseActivity>());
        var instance = await harness.RunJsonAsync(PulseFlow());
        await harness.Runtime.DeliverAsync(PulseActivity.StimulusName, "pulse", null, "tick", Ct);

        await harness.Runtime.DeliverAsync(PulseActivity.StimulusName, "pulse", null, "stop", Ct);

        var current = (await harness.Runtime.Instances.FindAsync(instance.Id, Ct))!;
        harness.Lines.ShouldBe(["start", "tick", "done"]);
        current.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Theory]
    [InlineData(FlowchartMode.Token)]
    [InlineData(FlowchartMode.Counter)]
    public async Task FireOutcome_JoinWithAnotherBranch_JoinRunsOncePerRuleWhileTheActivityStaysLive(FlowchartMode mode)
    {
        // start -> pulse, start -> other; pulse.Tick -> join, other.Done -> join (join merges in token mode).
        await using var harness = new WorkflowHarness(mode, engine: b => b.AddActivity<PulseActivity>());
        var json = Wf.Definition(Wf.Flowchart(
            [
                Wf.WriteLine("start", "start"),
                Wf.Activity("pulse", "Test.Pulse"),
                Wf.WriteLine("other", "other"),
                Wf.WriteLine("join", "joined").WithCustom("mergeMode", "Merge"),
            ],
            [("start", "Done", "pulse"), ("start", "Done", "other"), ("pulse", "Tick", "join"), ("other", "Done", "join")]));
        var instance = await harness.RunJsonAsync(json);
        harness.Lines.ShouldNotContain("joined");

        await harness.Runtime.DeliverAsync(PulseActivity.StimulusName, "pulse", null, "tick", Ct);

        harness.Lines.ShouldBe(["start", "other", "joined"]);
        (await harness.Runtime.Instances.FindAsync(instance.Id, Ct))!.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
    }

    [Fact]
    public async Task FireOutcome_InSequence_IsIgnoredAndTheActivityKeepsWaiting()
    {
        await using var harness = new WorkflowHarness(engine: b => b.AddActivity<PulseActivity>());
        var json = Wf.Definition(new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "seq",
            ["type"] = "Elsa.Sequence",
            ["version"] = 1,
            ["activities"] = new System.Text.Json.Nodes.JsonArray(Wf.Activity("pulse", "Test.Pulse"), Wf.WriteLine("after", "after")),
        });
        var instance = await harness.RunJsonAsync(json);

        await harness.Runtime.DeliverAsync(PulseActivity.StimulusName, "pulse", null, "tick", Ct);

        harness.Lines.ShouldBeEmpty();
        var current = (await harness.Runtime.Instances.FindAsync(instance.Id, Ct))!;
        current.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        current.Bookmarks.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task FireOutcome_IsJournalledAsANoteNamingThePort()
    {
        await using var harness = new WorkflowHarness(engine: b => b.AddActivity<PulseActivity>());
        await harness.RunJsonAsync(PulseFlow());

        var results = await harness.Runtime.DeliverAsync(PulseActivity.StimulusName, "pulse", null, "tick", Ct);

        results.ShouldHaveSingleItem().Changes.Journal.ShouldContain(e => e.ActivityId == "pulse" && e.Event == JournalEvent.Note && e.Outcomes == "Tick");
    }

    private static string PulseFlow() => Wf.Definition(Wf.Flowchart(
        [Wf.WriteLine("start", "start"), Wf.Activity("pulse", "Test.Pulse"), Wf.WriteLine("tick", "tick"), Wf.WriteLine("done", "done")],
        [("start", "Done", "pulse"), ("pulse", "Tick", "tick"), ("pulse", "Done", "done")]));
}
