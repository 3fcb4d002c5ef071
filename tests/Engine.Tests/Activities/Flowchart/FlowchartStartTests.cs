using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

public sealed class FlowchartStartTests
{
    [Fact]
    public async Task Start_StartPropertySet_RunsNamedActivityFirst()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart([Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B"), Wf.WriteLine("C", "C")], [("B", "Done", "C")]).WithStart("B");

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["B", "C"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Start_ElsaStartActivity_IsChosenOverEarlierActivities()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Wf.Activity("S", "Elsa.Start"), Wf.WriteLine("B", "B")],
            [("S", "Done", "B")]);

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["B"]);
    }

    [Fact]
    public async Task Start_CanStartWorkflowActivity_IsChosenWhenThereIsNoStart()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B").WithCustom("canStartWorkflow", true), Wf.WriteLine("C", "C").WithCustom("canStartWorkflow", true)],
            [("B", "Done", "C")]);

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["B", "C"]);
    }

    [Fact]
    public async Task Start_NoMarkers_FirstActivityWithoutInboundConnectionStarts()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart([Wf.WriteLine("B", "B"), Wf.WriteLine("A", "A")], [("A", "Done", "B")]);

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "B"]);
    }

    [Fact]
    public async Task Start_StartPropertyNamesMissingActivity_FallsBackToFirstWithoutInbound()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart([Wf.WriteLine("B", "B"), Wf.WriteLine("A", "A")], [("A", "Done", "B")]).WithStart("Nope");

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "B"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Complete_NothingLeftToRun_FlowchartCompletesAndWorkflowFinishes()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Decision("Check", false), Wf.WriteLine("B", "B")],
            [("A", "Done", "Check"), ("Check", "True", "B")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A"]);
        instance.Status.ShouldBe(WorkflowStatus.Finished);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Bookmarks.ShouldBeEmpty();
    }

    [Fact]
    public async Task Complete_EmptyFlowchart_FinishesAtOnce()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Flowchart([])));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Complete_ActivityStillWaiting_FlowchartDoesNotComplete()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart([Wf.WriteLine("A", "A"), Event("Wait", "go"), Wf.WriteLine("B", "B")], [("A", "Done", "Wait"), ("Wait", "Done", "B")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        instance.Status.ShouldBe(WorkflowStatus.Running);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        instance.Bookmarks.ShouldHaveSingleItem().ActivityId.ShouldBe("Wait");
        harness.Lines.ShouldBe(["A"]);

        await harness.Runtime.PublishEventAsync("go", null, null, TestContext.Current.CancellationToken);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["A", "B"]);
    }
}
