using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

/// <summary>Token mode (Elsa 3.6+): <c>customProperties.mergeMode</c> on the target decides how it joins.</summary>
public sealed class MergeModeTests
{
    [Fact]
    public async Task Merge_Diamond_RunsJoinOnceAfterBothBranches()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);

        var instance = await harness.RunJsonAsync(ImplicitJoinTests.Diamond("Merge"));

        harness.Lines.ShouldBe(["A", "B", "C", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("None")]
    [InlineData("Stream")]
    public async Task Stream_Diamond_RunsJoinOncePerArrivingToken(string? mergeMode)
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);

        var instance = await harness.RunJsonAsync(ImplicitJoinTests.Diamond(mergeMode));

        harness.Lines.ShouldBe(["A", "B", "C", "D", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Stream")]
    [InlineData("Merge")]
    public async Task StreamOrMerge_UntakenDecisionBranch_JoinRunsOnce(string? mergeMode)
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);

        var instance = await harness.RunJsonAsync(DecisionIntoTarget(mergeMode));

        harness.Lines.ShouldBe(["A", "B", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Converge_UntakenDecisionBranch_BlocksJoinButFlowchartFinishes()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);

        var instance = await harness.RunJsonAsync(DecisionIntoTarget("Converge"));

        harness.Lines.ShouldBe(["A", "B"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Converge_Diamond_RunsJoinOnceAfterBothBranches()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);

        await harness.RunJsonAsync(ImplicitJoinTests.Diamond("Converge"));

        harness.Lines.ShouldBe(["A", "B", "C", "D"]);
    }

    [Fact]
    public async Task Cascade_Diamond_RunsTargetOncePerToken()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);

        var instance = await harness.RunJsonAsync(ImplicitJoinTests.Diamond("Cascade"));

        harness.Lines.ShouldBe(["A", "B", "C", "D", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Race_Diamond_RunsTargetOnce()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);

        var instance = await harness.RunJsonAsync(ImplicitJoinTests.Diamond("Race"));

        harness.Lines.Count(l => l == "D").ShouldBe(1);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Race_OtherBranchWaiting_IsCancelledWithItsBookmark()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Event("Slow", "slow"), Wf.WriteLine("B", "B"), Wf.WriteLine("D", "D").WithCustom("mergeMode", "Race")],
            [("A", "Done", "Slow"), ("A", "Done", "B"), ("Slow", "Done", "D"), ("B", "Done", "D")]);
        var definition = await harness.ImportAsync(Wf.Definition(flow));

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Changes.Journal.ShouldContain(e => e.ActivityId == "Slow" && e.Event == JournalEvent.Suspended);
        result.Changes.Journal.ShouldContain(e => e.ActivityId == "Slow" && e.Event == JournalEvent.Cancelled);
        result.Changes.BookmarksAdded.ShouldBeEmpty();
        result.Instance.Bookmarks.ShouldBeEmpty();
        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["A", "B", "D"]);
    }

    [Fact]
    public async Task Race_BranchArrivesLater_TargetDoesNotRunAgain()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Event("Slow", "slow"), Delay("Fast", "00:01:00"), Wf.WriteLine("D", "D").WithCustom("mergeMode", "Race")],
            [("A", "Done", "Slow"), ("A", "Done", "Fast"), ("Slow", "Done", "D"), ("Fast", "Done", "D")]);
        var instance = await harness.RunJsonAsync(Wf.Definition(flow));
        instance.Bookmarks.Count.ShouldBe(2);

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);
        var late = await harness.Runtime.PublishEventAsync("slow", null, null, TestContext.Current.CancellationToken);

        late.ShouldBeEmpty();
        harness.Lines.ShouldBe(["A", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Bookmarks.ShouldBeEmpty();
    }

    [Fact]
    public async Task Cascade_UntakenDecisionBranch_RunsOnceForTheOneToken()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);

        await harness.RunJsonAsync(DecisionIntoTarget("Cascade"));

        harness.Lines.ShouldBe(["A", "B", "D"]);
    }

    [Theory]
    [InlineData("Merge")]
    [InlineData("Converge")]
    [InlineData("Race")]
    public async Task Join_TwoPortsOfOneSwitchIntoSameActivity_RunsItOnce(string? mergeMode)
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);

        await harness.RunJsonAsync(ImplicitJoinTests.SwitchIntoOneTarget(mergeMode));

        harness.Lines.ShouldBe(["notify"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Stream")]
    [InlineData("Cascade")]
    public async Task StreamOrCascade_TwoPortsOfOneSwitchIntoSameActivity_RunsOncePerToken(string? mergeMode)
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Token);

        await harness.RunJsonAsync(ImplicitJoinTests.SwitchIntoOneTarget(mergeMode));

        harness.Lines.ShouldBe(["notify", "notify"]);
    }

    /// <summary>A → decision (true); True → B → D; False → C → D; D carries the merge mode.</summary>
    private static string DecisionIntoTarget(string? mergeMode)
    {
        var d = Wf.WriteLine("D", "D");
        if (mergeMode is not null)
        {
            d.WithCustom("mergeMode", mergeMode);
        }

        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Decision("Check", true), Wf.WriteLine("B", "B"), Wf.WriteLine("C", "C"), d],
            [("A", "Done", "Check"), ("Check", "True", "B"), ("Check", "False", "C"), ("B", "Done", "D"), ("C", "Done", "D")]);
        return Wf.Definition(flow);
    }
}
