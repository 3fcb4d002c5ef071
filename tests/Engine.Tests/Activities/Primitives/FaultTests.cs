using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Primitives;

public sealed class FaultTests
{
    [Fact]
    public async Task Fault_CodeAndMessage_FaultsWorkflowWithIncident()
    {
        await using var harness = new WorkflowHarness();
        var fault = Wf.Activity("Fail", "Elsa.Fault", ("code", Wf.Literal("110002")), ("category", Wf.Literal("failure")), ("message", Wf.Literal("that went south")));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", Wf.WriteLine("Before", "before"), fault, Wf.WriteLine("After", "after"))));

        instance.Status.ShouldBe(WorkflowStatus.Finished);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("Fail");
        incident.ActivityType.ShouldBe("Elsa.Fault");
        incident.Message.ShouldContain("that went south");
        incident.Message.ShouldContain("110002");
        harness.Lines.ShouldBe(["before"]);
    }

    [Fact]
    public async Task Fault_MessageOnly_IncidentCarriesMessage()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Activity("Fail", "Elsa.Fault", ("message", Wf.Literal("no on-call engineer")))));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        instance.Incidents.ShouldHaveSingleItem().Message.ShouldBe("no on-call engineer");
    }

    [Fact]
    public async Task Fault_LiquidMessage_RendersBeforeFaulting()
    {
        await using var harness = new WorkflowHarness();
        var fault = Wf.Activity("Fail", "Elsa.Fault", ("code", Wf.Literal("E42")), ("message", Wf.Liquid("ticket {{ Input.TicketId }} breached its SLA")));

        var instance = await harness.RunJsonAsync(Wf.Definition(fault), new Dictionary<string, object?> { ["TicketId"] = "T-3" });

        instance.Incidents.ShouldHaveSingleItem().Message.ShouldBe("ticket T-3 breached its SLA (code E42)");
    }

    [Fact]
    public async Task Fault_InFlowchartWithWaitingBranch_StopsRunAndKeepsNothingRunning()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Event("Wait", "go"), Wf.WriteLine("B", "B"), Wf.Activity("Fail", "Elsa.Fault", ("message", Wf.Literal("boom")))],
            [("A", "Done", "Wait"), ("Wait", "Done", "B"), ("A", "Done", "Fail")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        instance.IsFinished.ShouldBeTrue();
        (await harness.Runtime.PublishEventAsync("go", null, null, TestContext.Current.CancellationToken)).ShouldBeEmpty();
        harness.Lines.ShouldBe(["A"]);
    }
}
