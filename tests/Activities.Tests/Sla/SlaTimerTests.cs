using System.Text.Json.Nodes;
using Orchestrator.Activities.Sla;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Tests.Sla;

/// <summary>The SLA timer through the engine with a fake clock: warnings, breach, pauses, stop, reopen and priority changes.</summary>
public sealed class SlaTimerTests
{
    // Monday 23 Nov 2026, 08:00 in Singapore.
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static (string, object?)[] Inputs(string priority = "P1", string policy = "keep-elapsed", string calendar = "24x7", JsonObject? targets = null) =>
    [
        ("ticketId", "T-1"),
        ("priority", priority),
        ("calendarId", calendar),
        ("priorityChangePolicy", policy),
        ("targets", targets ?? new JsonObject { ["P1"] = 120, ["P2"] = 240, ["P3"] = 480, ["P4"] = 960 }),
    ];

    [Fact]
    public async Task Timer_Running_FiresEachWarningOnceThenBreachedAndKeepsRunning()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs());

        await sla.AdvanceToAsync(T0.AddMinutes(60));
        sla.Lines.ShouldBe(["start", "Warning"]);
        await sla.AdvanceToAsync(T0.AddMinutes(90));
        sla.Lines.ShouldBe(["start", "Warning", "Warning"]);
        await sla.AdvanceToAsync(T0.AddMinutes(120));
        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached"]);
        await sla.AdvanceToAsync(T0.AddDays(3));

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached"]);
        var current = await sla.InstanceAsync(instance);
        current.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        current.Bookmarks.ShouldHaveSingleItem().Name.ShouldBe(TicketEvent.StimulusName);
        var state = await sla.StateAsync(instance);
        state.BreachDetectedAt.ShouldBe(T0.AddMinutes(120));
        var breach = state.Timeline.Single(e => e["type"]!.GetValue<string>() == "breached");
        breach["businessElapsedMinutes"]!.GetValue<double>().ShouldBe(120);
        breach["theoreticalAt"]!.GetValue<string>().ShouldBe("2026-11-23T02:00:00Z");
    }

    [Fact]
    public async Task Timer_WarningMinutesBeforeBreach_FiresThatWarningToo()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: [.. Inputs(), ("warningPercents", "50"), ("warningMinutesBeforeBreach", "10")]);

        await sla.AdvanceToAsync(T0.AddMinutes(109));
        sla.Lines.ShouldBe(["start", "Warning"]);
        await sla.AdvanceToAsync(T0.AddMinutes(110));

        sla.Lines.ShouldBe(["start", "Warning", "Warning"]);
        (await sla.StateAsync(instance)).Done.ShouldBe(["50%", "10m-before"]);
    }

    [Fact]
    public async Task Timer_OnBusinessCalendar_ArmsTheBusinessDeadline()
    {
        await using var sla = await StartedAsync(T0.AddHours(11)); // Monday 19:00 SGT
        var instance = await sla.StartAsync(inputs: Inputs(calendar: DefaultCalendars.SingaporeL1));

        // 50 % (60 min) falls due at closing time 20:00 SGT; the breach at Tuesday 09:00 SGT.
        (await sla.InstanceAsync(instance)).Bookmarks.Single(b => b.DueAt is not null).DueAt.ShouldBe(T0.AddHours(12));
        await sla.AdvanceToAsync(T0.AddHours(12));
        sla.Lines.ShouldBe(["start", "Warning"]);
        await sla.AdvanceToAsync(T0.AddHours(25).AddMinutes(-1));
        sla.Lines.ShouldBe(["start", "Warning", "Warning"]);
        await sla.AdvanceToAsync(T0.AddHours(25));

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached"]);
        (await sla.StateAsync(instance)).BreachTheoreticalAt.ShouldBe(T0.AddHours(25));
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("hold")]
    public async Task TicketEvent_PendingOrHold_PausesAndPushesTheDeadline(string status)
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs());
        await sla.AdvanceToAsync(T0.AddMinutes(30));
        await sla.SendAsync("T-1", "ticket.status_changed", status);

        await sla.AdvanceToAsync(T0.AddMinutes(90));
        sla.Lines.ShouldBe(["start"]);
        (await sla.InstanceAsync(instance)).Bookmarks.ShouldHaveSingleItem().DueAt.ShouldBeNull();
        await sla.SendAsync("T-1", "ticket.status_changed", "open");
        await sla.AdvanceToAsync(T0.AddMinutes(179));
        sla.Lines.ShouldBe(["start", "Warning", "Warning"]);
        await sla.AdvanceToAsync(T0.AddMinutes(180));

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached"]);
        (await sla.TimelineTypesAsync(instance)).ShouldBe(["started", "paused", "resumed", "warning", "warning", "breached"]);
    }

    [Fact]
    public async Task TicketEvent_SolvedInTime_FiresMetOnceAndWaitsForReopen()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs());
        await sla.AdvanceToAsync(T0.AddMinutes(70));

        await sla.SendAsync("T-1", "ticket.solved", "solved");
        await sla.AdvanceToAsync(T0.AddDays(1));

        sla.Lines.ShouldBe(["start", "Warning", "Met"]);
        var current = await sla.InstanceAsync(instance);
        current.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        (await sla.StateAsync(instance)).CycleResult.ShouldBe("met");
    }

    [Fact]
    public async Task TicketEvent_Reopened_StartsANewCycleWithItsOwnWarnings()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs());
        await sla.AdvanceToAsync(T0.AddMinutes(130));
        await sla.SendAsync("T-1", "ticket.solved", "solved");
        await sla.AdvanceToAsync(T0.AddMinutes(200));

        await sla.SendAsync("T-1", "ticket.reopened", "open");
        await sla.AdvanceToAsync(T0.AddMinutes(200 + 60));

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached", "Warning"]);
        var state = await sla.StateAsync(instance);
        state.Cycle.ShouldBe(2);
        state.CycleStart.ShouldBe(T0.AddMinutes(200));
        state.BreachDetectedAt.ShouldBeNull();
        (await sla.TimelineTypesAsync(instance)).ShouldBe(["started", "warning", "warning", "breached", "stopped", "cycle-started", "warning"]);
    }

    [Fact]
    public async Task TicketEvent_ClosedInTime_CompletesWithMetAndDone()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs());
        await sla.AdvanceToAsync(T0.AddMinutes(10));

        await sla.SendAsync("T-1", "ticket.status_changed", "closed");

        sla.Lines.ShouldBe(["start", "Met", "Done"]);
        (await sla.InstanceAsync(instance)).SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task TicketEvent_ClosedAfterBreach_CompletesWithDoneOnly()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs());
        await sla.AdvanceToAsync(T0.AddMinutes(150));

        await sla.SendAsync("T-1", "ticket.closed", "closed");

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached", "Done"]);
        (await sla.InstanceAsync(instance)).SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task TicketEvent_OtherTicket_IsNotDelivered()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs());

        await sla.SendAsync("T-2", "ticket.solved", "solved");

        sla.Lines.ShouldBe(["start"]);
        (await sla.StateAsync(instance)).Phase.ShouldBe(SlaTimerState.Running);
    }

    [Fact]
    public async Task PriorityChange_KeepElapsed_NewTargetCountsFromTheStartAndPassedWarningsFireNow()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs(priority: "P3"));
        await sla.AdvanceToAsync(T0.AddMinutes(90));
        sla.Lines.ShouldBe(["start"]);

        await sla.SendAsync("T-1", "ticket.priority_changed", priority: "P1");
        sla.Lines.ShouldBe(["start", "Warning", "Warning"]);
        await sla.AdvanceToAsync(T0.AddMinutes(120));

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached"]);
        (await sla.StateAsync(instance)).BreachDetectedAt.ShouldBe(T0.AddMinutes(120));
    }

    [Fact]
    public async Task PriorityChange_Restart_StartsANewCycleAtTheChange()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs(priority: "P3", policy: "restart"));
        await sla.AdvanceToAsync(T0.AddMinutes(90));

        await sla.SendAsync("T-1", "ticket.priority_changed", priority: "P1");
        await sla.AdvanceToAsync(T0.AddMinutes(90 + 119));
        sla.Lines.ShouldBe(["start", "Warning", "Warning"]);
        await sla.AdvanceToAsync(T0.AddMinutes(90 + 120));

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached"]);
        var state = await sla.StateAsync(instance);
        state.Cycle.ShouldBe(2);
        state.BreachTheoreticalAt.ShouldBe(T0.AddMinutes(210));
        (await sla.TimelineTypesAsync(instance)).Take(4).ShouldBe(["started", "priority-changed", "cycle-ended", "cycle-started"]);
    }

    [Fact]
    public async Task PriorityChange_Retroactive_RecordsPassedWarningsWithoutSendingThem()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs(priority: "P3", policy: "retroactive"));
        await sla.AdvanceToAsync(T0.AddMinutes(95));

        await sla.SendAsync("T-1", "ticket.priority_changed", priority: "P1");
        sla.Lines.ShouldBe(["start"]);
        await sla.AdvanceToAsync(T0.AddMinutes(120));

        sla.Lines.ShouldBe(["start", "Breached"]);
        var state = await sla.StateAsync(instance);
        var passed = state.Timeline.Where(e => e["type"]!.GetValue<string>() == "warning-passed").ToList();
        passed.Select(e => e["theoreticalAt"]!.GetValue<string>()).ShouldBe(["2026-11-23T01:00:00Z", "2026-11-23T01:30:00Z"]);
    }

    [Theory]
    [InlineData("keep-elapsed")]
    [InlineData("retroactive")]
    public async Task PriorityChange_TargetAlreadyExceeded_BreachesNowAndKeepsTheTheoreticalTime(string policy)
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs(priority: "P3", policy: policy));
        await sla.AdvanceToAsync(T0.AddMinutes(150));

        await sla.SendAsync("T-1", "ticket.priority_changed", priority: "P1");

        sla.Lines.ShouldContain("Breached");
        var state = await sla.StateAsync(instance);
        state.BreachDetectedAt.ShouldBe(T0.AddMinutes(150));
        state.BreachTheoreticalAt.ShouldBe(T0.AddMinutes(120));
        var breach = state.Timeline.Single(e => e["type"]!.GetValue<string>() == "breached");
        breach["detectedAt"]!.GetValue<string>().ShouldBe("2026-11-23T02:30:00Z");
        breach["theoreticalAt"]!.GetValue<string>().ShouldBe("2026-11-23T02:00:00Z");
    }

    [Fact]
    public async Task StartSla_TypeName_IsTheSameTimer()
    {
        await using var sla = await StartedAsync();
        await sla.StartAsync("Orchestrator.StartSla", Inputs());

        await sla.AdvanceToAsync(T0.AddMinutes(120));

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached"]);
    }

    [Fact]
    public async Task Timer_UnknownPriority_RaisesAnIncidentNamingTheInput()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs(priority: "P9"));

        var incident = (await sla.InstanceAsync(instance)).Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("sla");
        incident.Message.ShouldContain("input 'priority'");
    }

    [Fact]
    public async Task Timer_UnknownCalendar_RaisesAnIncidentNamingTheCalendar()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs(calendar: "nowhere"));

        (await sla.InstanceAsync(instance)).Incidents.ShouldHaveSingleItem().Message.ShouldContain("calendar 'nowhere' does not exist");
    }

    [Fact]
    public async Task Timer_State_SurvivesSerialisation()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs());
        await sla.AdvanceToAsync(T0.AddMinutes(70));
        var current = await sla.InstanceAsync(instance);
        var context = current.Contexts().Single(c => c.Activity.Id == "sla");

        var compiled = sla.Runtime.Compile((await sla.Runtime.Definitions.FindPublishedAsync("sla", TestContext.Current.CancellationToken))!);
        var json = Engine.State.WorkflowStateSerializer.Serialize(current);
        var read = Engine.State.WorkflowStateSerializer.Deserialize(json, compiled);

        var state = (SlaTimerState)read.Contexts().Single(c => c.Activity.Id == "sla").State!;
        state.Done.ShouldBe(((SlaTimerState)context.State!).Done);
        state.Timeline.Count.ShouldBe(2);
        state.CycleStart.ShouldBe(T0);
    }

    private static async Task<SlaHarness> StartedAsync(DateTimeOffset? now = null)
    {
        var harness = new SlaHarness(now ?? T0);
        await harness.InitializeAsync();
        return harness;
    }
}
