using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.ControlFlow;

public sealed class WhileTests
{
    [Fact]
    public async Task While_CounterBelowLimit_RunsBodyUntilConditionFails()
    {
        await using var harness = new WorkflowHarness();
        var body = Sequence("Body", SetVariable("Inc", "Counter", Wf.Liquid("{{ Counter | plus: 1 }}")), WriteLiquid("Write", "pass {{ Counter }}"));
        var loop = Wf.Activity("Loop", "Elsa.While", ("condition", LiquidCondition("Counter < 3")), ("body", body));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after")), [Wf.Variable("Counter", "Int32", "0")]));

        harness.Lines.ShouldBe(["pass 1", "pass 2", "pass 3", "after"]);
        instance.GetVariables()["Counter"].ShouldBe(3);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task While_ConditionFalseAtStart_NeverRunsBody()
    {
        await using var harness = new WorkflowHarness();
        var loop = Wf.Activity("Loop", "Elsa.While", ("condition", Wf.Literal("false", "Boolean")), ("body", Wf.WriteLine("Write", "body")));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task While_BodyWaits_LoopContinuesAcrossBursts()
    {
        await using var harness = new WorkflowHarness();
        var body = Sequence("Body", SetVariable("Inc", "Counter", Wf.Liquid("{{ Counter | plus: 1 }}")), Delay("Wait", "00:01:00"), WriteLiquid("Write", "pass {{ Counter }}"));
        var loop = Wf.Activity("Loop", "Elsa.While", ("condition", LiquidCondition("Counter < 3")), ("body", body));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after")), [Wf.Variable("Counter", "Int32", "0")]));

        harness.Lines.ShouldBeEmpty();
        instance.Bookmarks.ShouldHaveSingleItem();

        await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["pass 1", "pass 2", "pass 3", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task While_VariableCondition_StopsWhenBodyClearsIt()
    {
        await using var harness = new WorkflowHarness();
        var body = Sequence(
            "Body",
            SetVariable("Inc", "Counter", Wf.Liquid("{{ Counter | plus: 1 }}")),
            SetVariable("Check", "Running", LiquidCondition("Counter < 2")),
            WriteLiquid("Write", "pass {{ Counter }}"));
        var loop = Wf.Activity("Loop", "Elsa.While", ("condition", Wf.VariableExpression("Running", "Boolean")), ("body", body));

        var instance = await harness.RunJsonAsync(Wf.Definition(loop, [Wf.Variable("Counter", "Int32", "0"), Wf.Variable("Running", "Boolean", "true")]));

        harness.Lines.ShouldBe(["pass 1", "pass 2"]);
        instance.GetVariables()["Running"].ShouldBe(false);
    }
}
