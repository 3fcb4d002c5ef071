using System.Text.Json.Nodes;
using Orchestrator.Activities.Sla;

namespace Orchestrator.Activities.Tests.Sla;

/// <summary>The tier-response SLA: each support tier's response target per priority, met by that tier's public reply.</summary>
public sealed class TierResponseSlaTests
{
    // Monday 23 Nov 2026, 00:00 UTC; the timers run on the 24x7 calendar.
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (string, object?)[] Inputs(string tier, string priority, JsonObject? targets = null, string policy = "keep-elapsed")
    {
        List<(string, object?)> inputs = [("ticketId", "T-1"), ("metric", "tier-response"), ("tier", tier), ("priority", priority), ("priorityChangePolicy", policy)];
        if (targets is not null)
        {
            inputs.Add(("targets", targets));
        }

        return [.. inputs];
    }

    [Theory]
    [InlineData("L1", "P1", 60)]
    [InlineData("L1", "P2", 240)]
    [InlineData("L1", "P3", 480)]
    [InlineData("L1", "P4", 1440)]
    [InlineData("L2", "P1", 30)]
    [InlineData("L2", "P2", 120)]
    [InlineData("L2", "P3", 480)]
    [InlineData("L2", "P4", 2880)]
    [InlineData("L3", "P1", 15)]
    [InlineData("L3", "P2", 60)]
    [InlineData("L3", "P3", 240)]
    [InlineData("L3", "P4", 1440)]
    public async Task TierResponse_NoTargetsInput_TakesTheSupportTiersResponseTime(string tier, string priority, int minutes)
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs(tier, priority));

        var state = await sla.StateAsync(instance);
        state.Target.ShouldBe(TimeSpan.FromMinutes(minutes));
        state.Tier.ShouldBe(tier);
        (await sla.InstanceAsync(instance)).Bookmarks.Single(b => b.DueAt is not null).DueAt.ShouldBe(T0.AddMinutes(minutes / 2.0), "the first warning at 50 %");
    }

    [Fact]
    public async Task TierResponse_NoReplyFromL2_BreachesAtThirtyMinutesAndRecordsTheCycle()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs("L2", "P1"));

        await sla.AdvanceToAsync(T0.AddMinutes(29));
        sla.Lines.ShouldBe(["start", "Warning", "Warning"]);
        await sla.AdvanceToAsync(T0.AddMinutes(30));

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached"]);
        var record = sla.CycleRecords.Values.ShouldHaveSingleItem();
        record["metric"]!.GetValue<string>().ShouldBe("tier-response");
        record["tier"]!.GetValue<string>().ShouldBe("L2");
        record["priority"]!.GetValue<string>().ShouldBe("P1");
        record["targetMinutes"]!.GetValue<double>().ShouldBe(30);
        record["status"]!.GetValue<string>().ShouldBe(SlaCycleRecord.Breached);
        record["breachReason"]!.GetValue<string>().ShouldStartWith("no response from L2 within 30 min business time (P1, calendar '24x7')");
        (await sla.StateAsync(instance)).BreachTheoreticalAt.ShouldBe(T0.AddMinutes(30));
    }

    [Fact]
    public async Task TierResponse_AgentPublicReplyInTime_IsMetOnce()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs("L3", "P2"));
        await sla.AdvanceToAsync(T0.AddMinutes(20));
        await CommentAsync(sla, isPublic: false, author: "agent");
        sla.Lines.ShouldBe(["start"], "an internal note is not a response");

        await sla.AdvanceToAsync(T0.AddMinutes(40));
        await CommentAsync(sla, isPublic: true, author: "agent");
        await CommentAsync(sla, isPublic: true, author: "agent");
        await sla.AdvanceToAsync(T0.AddHours(3));

        sla.Lines.ShouldBe(["start", "Warning", "Met"]);
        var record = sla.CycleRecords.Values.ShouldHaveSingleItem();
        record["status"]!.GetValue<string>().ShouldBe(SlaCycleRecord.Met);
        record["metAt"]!.GetValue<string>().ShouldBe("2026-11-23T00:40:00Z");
        record["businessElapsedMinutes"]!.GetValue<double>().ShouldBe(40);
        (await sla.StateAsync(instance)).Phase.ShouldBe(SlaTimerState.Stopped);
    }

    [Fact]
    public async Task TierResponse_ReplyThatSaysItCameFromAnotherTier_DoesNotMeetIt()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs("L2", "P1"));
        await sla.AdvanceToAsync(T0.AddMinutes(10));

        await CommentAsync(sla, isPublic: true, author: "agent", tier: "L1");
        await sla.AdvanceToAsync(T0.AddMinutes(30));

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached"]);
        var state = await sla.StateAsync(instance);
        state.Tier.ShouldBe("L2", "the SLA times L2's response; an event naming another tier does not move it");
        await CommentAsync(sla, isPublic: true, author: "agent", tier: "Tier 2");
        (await sla.StateAsync(instance)).CycleResult.ShouldBe("breached", "L2's late reply stops the cycle, which stays breached");
    }

    [Fact]
    public async Task TierResponse_TargetsByTier_OverrideOneCellAndKeepTheRest()
    {
        await using var sla = await StartedAsync();
        var targets = new JsonObject { ["L2"] = new JsonObject { ["P1"] = 20 }, ["L3"] = new JsonObject { ["P1"] = 10 } };
        var p1 = await sla.StartAsync(inputs: Inputs("L2", "P1", targets));
        var p2 = await sla.StartAsync(inputs: Inputs("L2", "P2", targets));

        (await sla.StateAsync(p1)).Target.ShouldBe(TimeSpan.FromMinutes(20));
        (await sla.StateAsync(p2)).Target.ShouldBe(TimeSpan.FromMinutes(120));
    }

    [Fact]
    public async Task TierResponse_TargetsByPriority_ApplyToTheTimedTier()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs("tier 1", "urgent", new JsonObject { ["P1"] = 45 }));

        var state = await sla.StateAsync(instance);
        state.Tier.ShouldBe("L1");
        state.Target.ShouldBe(TimeSpan.FromMinutes(45));
    }

    [Fact]
    public async Task TierResponse_PriorityRaisedKeepElapsed_TakesTheTiersNewTargetAndBreachesAtTheChange()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs("L2", "P3"));
        await sla.AdvanceToAsync(T0.AddMinutes(40));

        await sla.SendAsync("T-1", "ticket.priority_changed", priority: "urgent");

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Breached"]);
        var state = await sla.StateAsync(instance);
        state.Target.ShouldBe(TimeSpan.FromMinutes(30), "L2's P1 response time");
        state.BreachDetectedAt.ShouldBe(T0.AddMinutes(40));
        state.BreachTheoreticalAt.ShouldBe(T0.AddMinutes(30));
    }

    [Fact]
    public async Task TierResponse_PriorityLoweredRestart_StartsANewCycleOnTheTiersNewTarget()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs("L3", "P1", policy: "restart"));
        await sla.AdvanceToAsync(T0.AddMinutes(10));

        sla.Lines.ShouldBe(["start", "Warning"], "P1 at L3: 50 % of 15 minutes passed");

        await sla.SendAsync("T-1", "ticket.priority_changed", priority: "P2");
        await sla.AdvanceToAsync(T0.AddMinutes(69));
        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Warning"], "the new cycle warns at 30 and 45 of its 60 minutes");
        await sla.AdvanceToAsync(T0.AddMinutes(70));

        sla.Lines.ShouldBe(["start", "Warning", "Warning", "Warning", "Breached"]);
        var state = await sla.StateAsync(instance);
        state.Cycle.ShouldBe(2);
        state.Target.ShouldBe(TimeSpan.FromMinutes(60), "L3's P2 response time, from the change");
        sla.CycleRecords.Values.Select(r => (r["cycle"]!.GetValue<int>(), r["status"]!.GetValue<string>())).Order().ShouldBe([(1, SlaCycleRecord.Ended), (2, SlaCycleRecord.Breached)]);
    }

    [Fact]
    public async Task TierResponse_WithoutATier_RaisesAnIncidentNamingTheInput()
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs("L9", "P1"));

        var incident = (await sla.InstanceAsync(instance)).Incidents.ShouldHaveSingleItem();
        incident.IsFault.ShouldBeTrue();
        incident.Message.ShouldBe("input 'tier': 'L9' is not a support tier (L1, L2, L3); the tier-response metric needs one");
    }

    [Theory]
    [InlineData("""{"L2": {"P1": -5}}""", "input 'targets.L2.P1': '-5' is not a positive number of minutes")]
    [InlineData("""{"L1": {"P9": 5}}""", "input 'targets.L1': 'P9' is not a priority (P1..P4)")]
    [InlineData("""{"L3": 15}""", "input 'targets.L3': must be an object of minutes by priority")]
    [InlineData("""{"L2": {"P1": 5}, "P2": 7}""", "input 'targets': 'L2' is not a priority (P1..P4)")]
    public async Task TierResponse_BadTargets_RaisesAnIncidentNamingTheCell(string targets, string message)
    {
        await using var sla = await StartedAsync();
        var instance = await sla.StartAsync(inputs: Inputs("L2", "P1", JsonNode.Parse(targets)!.AsObject()));

        (await sla.InstanceAsync(instance)).Incidents.ShouldHaveSingleItem().Message.ShouldStartWith(message);
    }

    private static async Task CommentAsync(SlaHarness sla, bool isPublic, string author, string? tier = null) =>
        await sla.Runtime.DeliverAsync(TicketEvent.StimulusName, "T-1", null, new JsonObject
        {
            ["type"] = "ticket.comment_added",
            ["ticketId"] = "T-1",
            ["public"] = isPublic,
            ["authorRole"] = author,
            ["tier"] = tier,
        }, Ct);

    private static async Task<SlaHarness> StartedAsync()
    {
        var harness = new SlaHarness(T0);
        await harness.InitializeAsync();
        return harness;
    }
}
