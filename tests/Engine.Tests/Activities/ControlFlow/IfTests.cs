using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.ControlFlow;

public sealed class IfTests
{
    [Theory]
    [InlineData(true, "then")]
    [InlineData(false, "else")]
    public async Task If_Condition_RunsMatchingBranchThenContinues(bool condition, string expected)
    {
        await using var harness = new WorkflowHarness();
        var root = Sequence("Seq", If("Check", Wf.Literal(condition ? "true" : "false", "Boolean"), Wf.WriteLine("Then", "then"), Wf.WriteLine("Else", "else")), Wf.WriteLine("After", "after"));

        var instance = await harness.RunJsonAsync(Wf.Definition(root));

        harness.Lines.ShouldBe([expected, "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task If_FalseWithoutElse_CompletesWithoutRunningThen()
    {
        await using var harness = new WorkflowHarness();
        var root = Sequence("Seq", If("Check", Wf.Literal("false", "Boolean"), Wf.WriteLine("Then", "then"), null), Wf.WriteLine("After", "after"));

        await harness.RunJsonAsync(Wf.Definition(root));

        harness.Lines.ShouldBe(["after"]);
    }

    [Theory]
    [InlineData(3, "big")]
    [InlineData(1, "small")]
    public async Task If_LiquidConditionOnVariable_ChoosesBranch(int count, string expected)
    {
        await using var harness = new WorkflowHarness();
        var root = Sequence("Seq", If("Check", LiquidCondition("Count > 2"), Wf.WriteLine("Then", "big"), Wf.WriteLine("Else", "small")));

        await harness.RunJsonAsync(Wf.Definition(root, [Wf.Variable("Count", "Int32", count.ToString(System.Globalization.CultureInfo.InvariantCulture))]));

        harness.Lines.ShouldBe([expected]);
    }

    [Theory]
    [InlineData(true, new[] { "T", "D" })]
    [InlineData(false, new[] { "F", "D" })]
    public async Task If_InFlowchart_TakesConditionPortAndDone(bool condition, string[] expected)
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [If("Check", Wf.Literal(condition ? "true" : "false", "Boolean"), null, null), Wf.WriteLine("T", "T"), Wf.WriteLine("F", "F"), Wf.WriteLine("D", "D")],
            [("Check", "True", "T"), ("Check", "False", "F"), ("Check", "Done", "D")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(expected);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task If_InFlowchartWithThenBranch_PortsFireAfterBranchCompletes()
    {
        await using var harness = new WorkflowHarness();
        var then = Sequence("ThenSeq", Wf.WriteLine("Then1", "then 1"), Delay("Wait", "00:01:00"), Wf.WriteLine("Then2", "then 2"));
        var flow = Wf.Flowchart(
            [If("Check", Wf.Literal("true", "Boolean"), then, null), Wf.WriteLine("T", "T"), Wf.WriteLine("D", "D")],
            [("Check", "True", "T"), ("Check", "Done", "D")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["then 1"]);

        await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["then 1", "then 2", "T", "D"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task If_InFlowchart_TrueAndDoneIntoSameActivity_CounterModeRunsItOnce()
    {
        await using var harness = new WorkflowHarness(FlowchartMode.Counter);
        var flow = Wf.Flowchart(
            [If("Check", Wf.Literal("true", "Boolean"), null, null), Wf.WriteLine("Next", "next")],
            [("Check", "True", "Next"), ("Check", "Done", "Next")]);

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["next"]);
    }

    private static JsonObject If(string id, JsonObject condition, JsonObject? then, JsonObject? @else)
    {
        var activity = Wf.Activity(id, "Elsa.If", ("condition", condition));
        if (then is not null)
        {
            activity["then"] = then;
        }

        if (@else is not null)
        {
            activity["else"] = @else;
        }

        return activity;
    }
}
