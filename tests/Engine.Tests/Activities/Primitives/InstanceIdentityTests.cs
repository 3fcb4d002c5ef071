using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Primitives;

/// <summary>Elsa.SetName and Elsa.Correlate.</summary>
public sealed class InstanceIdentityTests
{
    [Fact]
    public async Task SetName_LiteralValue_SetsInstanceName()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Activity("Name", "Elsa.SetName", ("value", Wf.Literal("P1 escalation")))));

        instance.Name.ShouldBe("P1 escalation");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task SetName_LiquidValue_IsVisibleToLaterActivities()
    {
        await using var harness = new WorkflowHarness();
        var root = Sequence("Seq", Wf.Activity("Name", "Elsa.SetName", ("value", Wf.Liquid("Incident {{ Input.TicketId }}"))), WriteLiquid("Say", "{{ WorkflowInstanceName }}"));

        var instance = await harness.RunJsonAsync(Wf.Definition(root), new Dictionary<string, object?> { ["TicketId"] = "T-9" });

        instance.Name.ShouldBe("Incident T-9");
        harness.Lines.ShouldBe(["Incident T-9"]);
    }

    [Fact]
    public async Task Correlate_LiteralValue_SetsCorrelationId()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Activity("Correlate", "Elsa.Correlate", ("correlationId", Wf.Literal("ticket-42")))));

        instance.CorrelationId.ShouldBe("ticket-42");
    }

    [Fact]
    public async Task Correlate_BeforeWaiting_BookmarkCarriesCorrelationIdAndEventsMatchIt()
    {
        await using var harness = new WorkflowHarness();
        var root = Sequence(
            "Seq",
            Wf.Activity("Correlate", "Elsa.Correlate", ("correlationId", Wf.Liquid("ticket-{{ Input.TicketId }}"))),
            Event("Wait", "resolved"),
            WriteLiquid("Say", "resolved {{ CorrelationId }}"));

        var instance = await harness.RunJsonAsync(Wf.Definition(root), new Dictionary<string, object?> { ["TicketId"] = "7" });

        instance.CorrelationId.ShouldBe("ticket-7");
        instance.Bookmarks.ShouldHaveSingleItem().CorrelationId.ShouldBe("ticket-7");
        (await harness.Runtime.PublishEventAsync("resolved", "ticket-8", null, TestContext.Current.CancellationToken)).ShouldBeEmpty();

        await harness.Runtime.PublishEventAsync("resolved", "ticket-7", null, TestContext.Current.CancellationToken);

        harness.Lines.ShouldBe(["resolved ticket-7"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }
}
