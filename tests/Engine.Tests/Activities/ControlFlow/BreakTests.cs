using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.ControlFlow;

public sealed class BreakTests
{
    [Fact]
    public async Task Break_InsideForEach_EndsLoopEarly()
    {
        await using var harness = new WorkflowHarness();
        var body = Sequence(
            "Body",
            WriteLiquid("Write", "{{ CurrentValue }}"),
            Wf.Activity("Check", "Elsa.If", ("condition", LiquidCondition("CurrentValue == \"b\"")), ("then", Wf.Activity("Stop", "Elsa.Break"))),
            WriteLiquid("Tail", "end {{ CurrentValue }}"));
        var loop = ForEachTests.ForEach("Loop", """["a","b","c","d"]""", body);

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["a", "end a", "b", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Incidents.ShouldBeEmpty();
    }

    [Fact]
    public async Task Break_InsideWhile_EndsLoop()
    {
        await using var harness = new WorkflowHarness();
        var body = Sequence(
            "Body",
            SetVariable("Inc", "Counter", Wf.Liquid("{{ Counter | plus: 1 }}")),
            WriteLiquid("Write", "pass {{ Counter }}"),
            Wf.Activity("Check", "Elsa.If", ("condition", LiquidCondition("Counter >= 2")), ("then", Wf.Activity("Stop", "Elsa.Break"))));
        var loop = Wf.Activity("Loop", "Elsa.While", ("condition", Wf.Literal("true", "Boolean")), ("body", body));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after")), [Wf.Variable("Counter", "Int32", "0")]));

        harness.Lines.ShouldBe(["pass 1", "pass 2", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Break_InNestedLoop_EndsOnlyInnerLoop()
    {
        await using var harness = new WorkflowHarness();
        var inner = ForEachTests.ForEach("Inner", """["1","2","3"]""", Sequence(
            "InnerBody",
            WriteLiquid("Write", "{{ CurrentValue }}"),
            Wf.Activity("Check", "Elsa.If", ("condition", LiquidCondition("CurrentValue == \"2\"")), ("then", Wf.Activity("Stop", "Elsa.Break")))));
        var outer = ForEachTests.ForEach("Outer", """["x","y"]""", Sequence("OuterBody", WriteLiquid("Head", "outer {{ CurrentValue }}"), inner));

        await harness.RunJsonAsync(Wf.Definition(outer));

        harness.Lines.ShouldBe(["outer x", "1", "2", "outer y", "1", "2"]);
    }

    [Fact]
    public async Task Break_InsideFlowchartLoopBody_EndsLoop()
    {
        await using var harness = new WorkflowHarness();
        var body = Wf.Flowchart(
            [
                WriteLiquid("Write", "{{ CurrentValue }}"),
                Wf.Activity("Check", "Elsa.FlowDecision", ("condition", LiquidCondition("CurrentValue == \"b\""))),
                Wf.Activity("Stop", "Elsa.Break"),
                WriteLiquid("Tail", "tail {{ CurrentValue }}"),
            ],
            [("Write", "Done", "Check"), ("Check", "True", "Stop"), ("Check", "False", "Tail")],
            id: "Body");
        var loop = ForEachTests.ForEach("Loop", """["a","b","c"]""", body);

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["a", "tail a", "b", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Break_InsideParallelForEach_CancelsOtherBodies()
    {
        await using var harness = new WorkflowHarness();
        var body = Sequence(
            "Body",
            WriteLiquid("Write", "{{ CurrentValue }}"),
            Wf.Activity("Check", "Elsa.If", ("condition", LiquidCondition("CurrentValue == \"a\"")), ("then", Wf.Activity("Stop", "Elsa.Break"))),
            Delay("Wait", "00:01:00"),
            WriteLiquid("Tail", "tail {{ CurrentValue }}"));
        var loop = Wf.Activity("Loop", "Elsa.ParallelForEach", ("items", Wf.Object("""["a","b"]""")), ("body", body));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["a", "b", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Bookmarks.ShouldBeEmpty();
    }

    [Fact]
    public async Task Break_OutsideLoop_RecordsIncident()
    {
        await using var harness = new WorkflowHarness();
        var root = Sequence("Seq", Wf.WriteLine("Before", "before"), Wf.Activity("Stop", "Elsa.Break"), Wf.WriteLine("After", "after"));

        var instance = await harness.RunJsonAsync(Wf.Definition(root));

        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("Stop");
        incident.ActivityType.ShouldBe("Elsa.Break");
        incident.Message.ShouldContain("not inside a loop");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        harness.Lines.ShouldBe(["before"]);
    }
}
