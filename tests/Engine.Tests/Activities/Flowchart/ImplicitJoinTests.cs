using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

/// <summary>Counter mode (Elsa 3.5): every activity with several inbound connections waits for its live branches.</summary>
public sealed class ImplicitJoinTests
{
    [Fact]
    public async Task CounterMode_UntakenDecisionBranch_JoinRunsExactlyOnce()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Counter);
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Decision("Check", true), Wf.WriteLine("B", "B"), Wf.WriteLine("C", "C"), Wf.WriteLine("D", "D")],
            [("A", "Done", "Check"), ("Check", "True", "B"), ("Check", "False", "C"), ("B", "Done", "D"), ("C", "Done", "D")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "B", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task CounterMode_DecisionPortStraightIntoJoin_JoinRunsOnce()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Counter);
        var flow = Wf.Flowchart(
            [Decision("Check", false), Wf.WriteLine("B", "B"), Wf.WriteLine("D", "D")],
            [("Check", "True", "B"), ("B", "Done", "D"), ("Check", "False", "D")]);

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["D"]);
    }

    [Fact]
    public async Task CounterMode_Diamond_RunsJoinOnceAfterBothBranches()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Counter);

        var instance = await harness.RunJsonAsync(Diamond());

        harness.Lines.ShouldBe(["A", "B", "C", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task CounterMode_DiamondWithWaitingBranch_JoinWaitsForIt()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Counter);
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B"), Delay("C", "00:30:00"), Wf.WriteLine("D", "D")],
            [("A", "Done", "B"), ("A", "Done", "C"), ("B", "Done", "D"), ("C", "Done", "D")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "B"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);

        await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["A", "B", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Theory]
    [InlineData("Cascade")]
    [InlineData("Race")]
    [InlineData("Converge")]
    public async Task CounterMode_MergeModeSet_IsIgnored(string mergeMode)
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Counter);

        await harness.RunJsonAsync(Diamond(mergeMode));

        harness.Lines.ShouldBe(["A", "B", "C", "D"]);
    }

    [Theory]
    [InlineData(FlowchartMode.Counter)]
    [InlineData(FlowchartMode.Token)]
    public async Task ImplicitJoin_DecisionAfterWaitTakesOtherPort_JoinRunsWhenBranchDies(FlowchartMode mode)
    {
        await using var harness = new WorkflowHarness(mode);

        // Token mode joins only when asked to: Merge is its implicit join.
        var d = Wf.WriteLine("D", "D");
        if (mode == FlowchartMode.Token)
        {
            d.WithCustom("mergeMode", "Merge");
        }

        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Delay("Wait", "00:01:00"), Decision("Check", false), Wf.WriteLine("B", "B"), d],
            [("A", "Done", "Wait"), ("Wait", "Done", "Check"), ("Check", "True", "D"), ("A", "Done", "B"), ("B", "Done", "D")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "B"]);

        await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["A", "B", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Theory]
    [InlineData(FlowchartMode.Counter)]
    [InlineData(FlowchartMode.Token)]
    public async Task ImplicitJoin_BranchStuckAtBlockedWaitAll_DoesNotBlock(FlowchartMode mode)
    {
        await using var harness = new WorkflowHarness(mode);
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Decision("Check", true), Wf.WriteLine("X", "X"), Join("Join", "WaitAll"), Wf.WriteLine("B", "B"), Wf.WriteLine("D", "D")],
            [("A", "Done", "Check"), ("Check", "True", "X"), ("X", "Done", "Join"), ("Check", "False", "Join"), ("Join", "Done", "D"), ("A", "Done", "B"), ("B", "Done", "D")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "X", "B", "D"], ignoreOrder: true);
        harness.Lines[^1].ShouldBe("D");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task CounterMode_TwoPortsOfOneSwitchIntoSameActivity_RunsItOnce()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Counter);

        await harness.RunJsonAsync(SwitchIntoOneTarget(null));

        harness.Lines.ShouldBe(["notify"]);
    }

    internal static string SwitchIntoOneTarget(string? mergeMode)
    {
        var cases = new JsonArray(
            new JsonObject { ["label"] = "P1", ["condition"] = Wf.Literal("true", "Boolean") },
            new JsonObject { ["label"] = "VIP", ["condition"] = Wf.Literal("true", "Boolean") });
        var route = Wf.Activity("Route", "Elsa.FlowSwitch", ("mode", Wf.Literal("MatchAny")), ("cases", cases));
        var notify = Wf.WriteLine("Notify", "notify");
        if (mergeMode is not null)
        {
            notify.WithCustom("mergeMode", mergeMode);
        }

        return Wf.Definition(Wf.Flowchart([route, notify], [("Route", "P1", "Notify"), ("Route", "VIP", "Notify")]));
    }

    internal static string Diamond(string? mergeMode = null)
    {
        var d = Wf.WriteLine("D", "D");
        if (mergeMode is not null)
        {
            d.WithCustom("mergeMode", mergeMode);
        }

        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B"), Wf.WriteLine("C", "C"), d],
            [("A", "Done", "B"), ("A", "Done", "C"), ("B", "Done", "D"), ("C", "Done", "D")]);
        return Wf.Definition(flow);
    }
}
