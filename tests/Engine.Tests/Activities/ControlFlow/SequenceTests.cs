using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.ControlFlow;

public sealed class SequenceTests
{
    [Fact]
    public async Task Sequence_ThreeActivities_RunInOrder()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", Wf.WriteLine("A", "1"), Wf.WriteLine("B", "2"), Wf.WriteLine("C", "3"))));

        harness.Lines.ShouldBe(["1", "2", "3"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Sequence_StepWaits_ResumesWithNextStep()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", Wf.WriteLine("A", "1"), Delay("Wait", "00:05:00"), Wf.WriteLine("C", "2"))));

        harness.Lines.ShouldBe(["1"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);

        await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["1", "2"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Sequence_Empty_CompletesAtOnce()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq")));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Sequence_InsideFlowchart_CompletesBeforeNextNode()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Sequence("Seq", Wf.WriteLine("S1", "s1"), Wf.WriteLine("S2", "s2")), Wf.WriteLine("After", "after")],
            [("Seq", "Done", "After")]);

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["s1", "s2", "after"]);
    }
}
