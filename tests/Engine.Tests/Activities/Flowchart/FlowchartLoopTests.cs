using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

public sealed class FlowchartLoopTests
{
    [Theory]
    [InlineData(FlowchartMode.Counter)]
    [InlineData(FlowchartMode.Token)]
    public async Task BackEdge_CounterVariable_LoopsFixedNumberOfTimes(FlowchartMode mode)
    {
        await using var harness = new WorkflowHarness(mode);

        var instance = await harness.RunJsonAsync(CountingLoop(3));

        harness.Lines.ShouldBe(["Iteration 1", "Iteration 2", "Iteration 3", "Done"]);
        instance.GetVariables()["Counter"].ShouldBe(3);
        instance.GetVariables()["Again"].ShouldBe(false);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task BackEdge_LimitOfOne_BodyRunsOnce()
    {
        await using var harness = new WorkflowHarness();

        await harness.RunJsonAsync(CountingLoop(1));

        harness.Lines.ShouldBe(["Iteration 1", "Done"]);
    }

    [Fact]
    public async Task BackEdge_LoopWaitsEachIteration_ContinuesAcrossBursts()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [
                SetVariable("Reset", "Counter", Wf.Literal("0", "Int32")),
                SetVariable("Inc", "Counter", Wf.Liquid("{{ Counter | plus: 1 }}")),
                Delay("Pause", "00:01:00"),
                WriteLiquid("Write", "Tick {{ Counter }}"),
                SetVariable("Check", "Again", LiquidCondition("Counter < 2")),
                DecisionOnVariable("Loop", "Again"),
            ],
            [("Reset", "Done", "Inc"), ("Inc", "Done", "Pause"), ("Pause", "Done", "Write"), ("Write", "Done", "Check"), ("Check", "Done", "Loop"), ("Loop", "True", "Inc")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow, [Wf.Variable("Counter", "Int32", "5"), Wf.Variable("Again", "Boolean", "false")]));
        harness.Lines.ShouldBeEmpty();

        instance = await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["Tick 1", "Tick 2"]);
        instance.GetVariables()["Counter"].ShouldBe(2);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    /// <summary>Begin → Inc → Write → Check → Loop; Loop True → Inc (the back-edge, so Inc has two inbound connections), False → Done.</summary>
    private static string CountingLoop(int times)
    {
        var flow = Wf.Flowchart(
            [
                Wf.Activity("Begin", "Elsa.Start"),
                SetVariable("Inc", "Counter", Wf.Liquid("{{ Counter | plus: 1 }}")),
                WriteLiquid("Write", "Iteration {{ Counter }}"),
                SetVariable("Check", "Again", LiquidCondition($"Counter < {times}")),
                DecisionOnVariable("Loop", "Again"),
                Wf.WriteLine("Done", "Done"),
            ],
            [("Begin", "Done", "Inc"), ("Inc", "Done", "Write"), ("Write", "Done", "Check"), ("Check", "Done", "Loop"), ("Loop", "True", "Inc"), ("Loop", "False", "Done")]);
        return Wf.Definition(flow, [Wf.Variable("Counter", "Int32", "0"), Wf.Variable("Again", "Boolean", "false")]);
    }
}
