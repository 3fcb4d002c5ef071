using System.Text.Json.Nodes;
using Orchestrator.Activities.Sla;

namespace Orchestrator.Activities.Tests.Sla;

/// <summary>The SLA cycle records a timer leaves in its bursts: status, times, elapsed and the breach reason per cycle.</summary>
public sealed class SlaCycleRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static (string, object?)[] Inputs(string priority, string policy = "keep-elapsed", string metric = "resolution") =>
    [
        ("ticketId", "T-1"),
        ("priority", priority),
        ("metric", metric),
        ("tier", "L1"),
        ("priorityChangePolicy", policy),
        ("targets", new JsonObject { ["P1"] = 120, ["P2"] = 240, ["P3"] = 480, ["P4"] = 960 }),
    ];

    [Fact]
    public async Task Record_SolvedThenReopened_FirstCycleMetSecondRunningWithItsDeadline()
    {
        await using var sla = await StartedAsync();
        await sla.StartAsync(inputs: Inputs("P1"));
        await sla.AdvanceToAsync(T0.AddMinutes(30));
        await sla.SendAsync("T-1", "ticket.status_changed", status: "solved");
        await sla.AdvanceToAsync(T0.AddMinutes(60));

        await sla.SendAsync("T-1", "ticket.reopened");

        var first = Cycle(sla, 1);
        first["status"]!.GetValue<string>().ShouldBe(SlaCycleRecord.Met);
        first["open"]!.GetValue<bool>().ShouldBeFalse();
        first["metAt"]!.GetValue<string>().ShouldBe("2026-11-23T00:30:00Z");
        first["tier"]!.GetValue<string>().ShouldBe("L1");
        first["businessElapsedMinutes"]!.GetValue<double>().ShouldBe(30);
        first["breachReason"].ShouldBeNull();
        var second = Cycle(sla, 2);
        second["status"]!.GetValue<string>().ShouldBe(SlaCycleRecord.Running);
        second["open"]!.GetValue<bool>().ShouldBeTrue();
        second["startedAt"]!.GetValue<string>().ShouldBe("2026-11-23T01:00:00Z");
        second["deadlineAt"]!.GetValue<string>().ShouldBe("2026-11-23T03:00:00Z");
        second["steps"]!.AsArray().Select(s => s!["type"]!.GetValue<string>()).ShouldBe(["cycle-started"]);
    }

    [Fact]
    public async Task Record_Paused_HasNoDeadlineUntilResumed()
    {
        await using var sla = await StartedAsync();
        await sla.StartAsync(inputs: Inputs("P1"));
        await sla.AdvanceToAsync(T0.AddMinutes(10));

        await sla.SendAsync("T-1", "ticket.status_changed", status: "pending");
        var paused = Cycle(sla, 1);
        await sla.AdvanceToAsync(T0.AddMinutes(40));
        await sla.SendAsync("T-1", "ticket.status_changed", status: "open");

        paused["status"]!.GetValue<string>().ShouldBe(SlaCycleRecord.Paused);
        paused["deadlineAt"].ShouldBeNull();
        var resumed = Cycle(sla, 1);
        resumed["status"]!.GetValue<string>().ShouldBe(SlaCycleRecord.Running);
        resumed["deadlineAt"]!.GetValue<string>().ShouldBe("2026-11-23T02:30:00Z");
        resumed["pausedMinutes"]!.GetValue<double>().ShouldBe(30);
    }

    [Fact]
    public async Task Record_PriorityRaisedPastItsTarget_BreachedAtTheChangeWithTheReason()
    {
        await using var sla = await StartedAsync();
        await sla.StartAsync(inputs: Inputs("P3"));
        await sla.AdvanceToAsync(T0.AddMinutes(150));

        await sla.SendAsync("T-1", "ticket.priority_changed", priority: "P1");

        var cycle = Cycle(sla, 1);
        cycle["status"]!.GetValue<string>().ShouldBe(SlaCycleRecord.Breached);
        cycle["open"]!.GetValue<bool>().ShouldBeTrue();
        cycle["priority"]!.GetValue<string>().ShouldBe("P1");
        cycle["targetMinutes"]!.GetValue<double>().ShouldBe(120);
        cycle["breachedAt"]!.GetValue<string>().ShouldBe("2026-11-23T02:30:00Z");
        cycle["breachTheoreticalAt"]!.GetValue<string>().ShouldBe("2026-11-23T02:00:00Z");
        cycle["breachReason"]!.GetValue<string>().ShouldBe(
            "not resolved within 2 h business time (P1, calendar '24x7'); held by L1; priority changed P3 -> P1 (keep-elapsed); detected 30 min after the target was reached");
    }

    [Fact]
    public async Task Record_RestartOnPriorityChange_EndsTheFirstCycleWithoutOutcome()
    {
        await using var sla = await StartedAsync();
        await sla.StartAsync(inputs: Inputs("P3", policy: "restart"));
        await sla.AdvanceToAsync(T0.AddMinutes(90));

        await sla.SendAsync("T-1", "ticket.priority_changed", priority: "P1");
        await sla.AdvanceToAsync(T0.AddMinutes(90 + 120));

        var first = Cycle(sla, 1);
        first["status"]!.GetValue<string>().ShouldBe(SlaCycleRecord.Ended);
        first["open"]!.GetValue<bool>().ShouldBeFalse();
        first["endedAt"]!.GetValue<string>().ShouldBe("2026-11-23T01:30:00Z");
        var second = Cycle(sla, 2);
        second["status"]!.GetValue<string>().ShouldBe(SlaCycleRecord.Breached);
        second["breachReason"]!.GetValue<string>().ShouldBe("not resolved within 2 h business time (P1, calendar '24x7'); held by L1");
    }

    [Fact]
    public async Task Record_FirstResponseWithTierChange_NamesBothTiers()
    {
        await using var sla = await StartedAsync();
        await sla.StartAsync(inputs: Inputs("P1", metric: "first-response"));
        await sla.AdvanceToAsync(T0.AddMinutes(20));
        await sla.Runtime.DeliverAsync(TicketEvent.StimulusName, "T-1", null, new JsonObject { ["type"] = "ticket.assigned", ["ticketId"] = "T-1", ["tier"] = "L2" }, TestContext.Current.CancellationToken);

        await sla.AdvanceToAsync(T0.AddMinutes(120));

        Cycle(sla, 1)["breachReason"]!.GetValue<string>().ShouldBe("no first response within 2 h business time (P1, calendar '24x7'); held by L2 at the breach (tiers L1 -> L2)");
    }

    private static JsonObject Cycle(SlaHarness sla, int cycle)
    {
        lock (sla.CycleRecords)
        {
            return (JsonObject)sla.CycleRecords.Values.Single(r => r["cycle"]!.GetValue<int>() == cycle).DeepClone();
        }
    }

    private static async Task<SlaHarness> StartedAsync()
    {
        var harness = new SlaHarness(T0);
        await harness.InitializeAsync();
        return harness;
    }
}
