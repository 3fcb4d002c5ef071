using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Handoffs;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Tests.Escalation;

namespace Orchestrator.Activities.Tests.Handoffs;

public sealed class HandoffTests
{
    private static JsonObject TierInputs() => new()
    {
        ["ticketId"] = "T-42",
        ["fromTier"] = "L1",
        ["toTier"] = "L2",
        ["customer"] = "email:it@hospital.example",
        ["customerName"] = "St. Mary's",
        ["priority"] = "P2",
        ["businessImpact"] = "Ward rostering blocked",
        ["stepsTaken"] = "Cleared cache; reproduced on two accounts",
        ["currentStatus"] = "Investigating",
        ["reason"] = "Integration error beyond L1 scope",
        ["resourcesNeeded"] = "API logs",
        ["acceptanceTimeout"] = "00:30:00",
    };

    [Fact]
    public async Task HandoffToTier_Accepted_NotifiesQueueAndCustomerThenCompletesAccepted()
    {
        await using var harness = new ActivityHarness();
        var instance = await harness.StartAsync("Orchestrator.HandoffToTier", TierInputs(), "Accepted", "NotAccepted");

        var queue = harness.Notifier.Sent[0].Request;
        queue.Targets.ShouldHaveSingleItem().ToString().ShouldBe("tier:L2");
        queue.Template.ShouldBe(HandoffToTier.QueueTemplate);
        queue.Urgent.ShouldBeTrue();
        foreach (var field in new[] { "ticketId", "customer", "priority", "businessImpact", "stepsTaken", "currentStatus", "reason", "resourcesNeeded" })
        {
            queue.Model[field].ShouldNotBeNull(field);
        }

        // The shipped templates read ticket.* and escalation.*: the packet is there too in that shape.
        queue.Model["ticket"]!["id"]!.GetValue<string>().ShouldBe("T-42");
        queue.Model["escalation"]!["reason"]!.GetValue<string>().ShouldBe("Integration error beyond L1 scope");
        queue.Model["escalation"]!["stepsTaken"]!.GetValue<string>().ShouldBe("Cleared cache; reproduced on two accounts");

        var customer = harness.Notifier.Sent[1].Request;
        customer.Targets.ShouldHaveSingleItem().ToString().ShouldBe("email:it@hospital.example");
        customer.Template.ShouldBe(HandoffToTier.CustomerTemplate);
        customer.Key.ShouldNotBe(queue.Key);

        await harness.AdvanceAsync(TimeSpan.FromMinutes(20));
        (await harness.AcceptHandoffAsync("T-42", "lee")).ShouldBe(1);

        harness.Outcomes.ShouldBe(["Accepted"]);
        var result = await harness.ResultAsync(instance);
        result["acceptedBy"]!.GetValue<string>().ShouldBe("lee");
        result["toTier"]!.GetValue<string>().ShouldBe("L2");
        result["packet"]!["stepsTaken"]!.GetValue<string>().ShouldStartWith("Cleared cache");
    }

    [Fact]
    public async Task HandoffToTier_NotAcceptedInTime_CompletesNotAcceptedAtTheTimeout()
    {
        await using var harness = new ActivityHarness();
        await harness.StartAsync("Orchestrator.HandoffToTier", TierInputs(), "Accepted", "NotAccepted");

        await harness.AdvanceAsync(TimeSpan.FromMinutes(29));
        harness.Outcomes.ShouldBeEmpty();
        await harness.AdvanceAsync(TimeSpan.FromMinutes(1));

        harness.Outcomes.ShouldBe(["NotAccepted"]);
        (await harness.AcceptHandoffAsync("T-42", "lee")).ShouldBe(0);
    }

    [Fact]
    public async Task HandoffToTier_SameTier_RaisesAnIncidentNamingToTier()
    {
        await using var harness = new ActivityHarness();
        var inputs = TierInputs();
        inputs["toTier"] = "l1";

        var instance = await harness.StartAsync("Orchestrator.HandoffToTier", inputs, "Accepted", "NotAccepted");

        (await harness.InstanceAsync(instance)).Incidents.ShouldHaveSingleItem().Message.ShouldContain("input 'toTier': the ticket is already with L1");
        harness.Notifier.Sent.ShouldBeEmpty();
    }

    private static JsonArray Regions() =>
    [
        new JsonObject { ["region"] = "APAC", ["calendar"] = "apac", ["queue"] = "rotation:apac-l1" },
        new JsonObject { ["region"] = "Europe", ["calendar"] = "europe", ["queue"] = "rotation:europe-l1" },
        new JsonObject { ["region"] = "Americas", ["calendar"] = "americas", ["queue"] = "rotation:americas-l1" },
        new JsonObject { ["region"] = "MEA", ["calendar"] = "mea", ["queue"] = "tier:L1" },
    ];

    private static ActivityHarness SunHarness() => new(services => services.AddSingleton<IBusinessTime>(new FixedHoursBusinessTime(new()
    {
        ["apac"] = (0, 9),
        ["mea"] = (5, 13),
        ["europe"] = (8, 16),
        ["americas"] = (14, 23),
    })));

    [Theory]
    [InlineData("APAC", 6, "MEA")] // APAC closes 09:00 with MEA and Europe both open: the first listed wins
    [InlineData("Europe", 10, "Americas")] // Europe closes 16:00; Americas open since 14:00
    [InlineData("Americas", 20, "APAC")] // Americas closes 23:00; APAC opens 00:00
    public async Task FollowTheSunHandoff_CurrentRegionClosing_PicksTheRegionOpenNext(string current, int hourUtc, string expected)
    {
        await using var harness = SunHarness();
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, hourUtc, 0, 0, TimeSpan.Zero));
        var regions = Regions();
        if (current == "APAC")
        {
            // Both MEA and Europe are open at 09:00: the one listed first wins, so list MEA before Europe.
            regions = [Regions()[0]!.DeepClone(), Regions()[3]!.DeepClone(), Regions()[1]!.DeepClone(), Regions()[2]!.DeepClone()];
        }

        var instance = await harness.StartAsync("Orchestrator.FollowTheSunHandoff", new JsonObject
        {
            ["ticketId"] = "T-7",
            ["currentRegion"] = current,
            ["regions"] = regions,
            ["model"] = new JsonObject { ["currentStatus"] = "waiting on vendor" },
            ["acceptanceTimeout"] = "00:15:00",
        }, "Accepted", "NotAccepted");

        var page = harness.Notifier.Sent.ShouldHaveSingleItem().Request;
        page.Model["region"]!.GetValue<string>().ShouldBe(expected);
        page.Model["currentStatus"]!.GetValue<string>().ShouldBe("waiting on vendor");
        page.Template.ShouldBe(FollowTheSunHandoff.DefaultTemplate);
        await harness.AcceptHandoffAsync("T-7", "kim");
        harness.Outcomes.ShouldBe(["Accepted"]);
        (await harness.ResultAsync(instance))["region"]!.GetValue<string>().ShouldBe(expected);
    }

    [Fact]
    public async Task FollowTheSunHandoff_EuropeClosingWithoutAmericasOpen_PicksTheEarliestOpening()
    {
        await using var harness = new ActivityHarness(services => services.AddSingleton<IBusinessTime>(new FixedHoursBusinessTime(new()
        {
            ["europe"] = (8, 16),
            ["americas"] = (18, 23),
            ["apac"] = (0, 7),
            ["mea"] = (5, 13),
        })));
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero));

        await harness.StartAsync("Orchestrator.FollowTheSunHandoff", new JsonObject { ["ticketId"] = "T-8", ["currentRegion"] = "Europe", ["regions"] = Regions() }, "Accepted", "NotAccepted");

        var page = harness.Notifier.Sent.ShouldHaveSingleItem().Request;
        page.Targets.ShouldHaveSingleItem().ToString().ShouldBe("rotation:americas-l1");
        page.Model["opensAt"]!.GetValue<string>().ShouldStartWith("2026-11-02T18:00:00");
    }

    [Fact]
    public async Task FollowTheSunHandoff_NotAccepted_CompletesNotAcceptedWithTheChosenRegion()
    {
        await using var harness = SunHarness();
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
        var instance = await harness.StartAsync("Orchestrator.FollowTheSunHandoff", new JsonObject { ["ticketId"] = "T-9", ["currentRegion"] = "Europe", ["regions"] = Regions(), ["acceptanceTimeout"] = "00:15:00" }, "Accepted", "NotAccepted");

        await harness.AdvanceAsync(TimeSpan.FromMinutes(15));

        harness.Outcomes.ShouldBe(["NotAccepted"]);
        (await harness.ResultAsync(instance))["region"]!.GetValue<string>().ShouldBe("Americas");
    }

    [Fact]
    public async Task FollowTheSunHandoff_UnknownCalendar_RaisesAnIncidentNamingTheRegionField()
    {
        await using var harness = SunHarness();
        var regions = Regions();
        regions[2]!["calendar"] = "atlantis";

        var instance = await harness.StartAsync("Orchestrator.FollowTheSunHandoff", new JsonObject { ["ticketId"] = "T-1", ["currentRegion"] = "APAC", ["regions"] = regions }, "Accepted", "NotAccepted");

        (await harness.InstanceAsync(instance)).Incidents.ShouldHaveSingleItem().Message.ShouldContain("regions[2].calendar");
    }
}

/// <summary>Test double for <see cref="IBusinessTime"/>: each calendar is open every day between two whole UTC hours.</summary>
internal sealed class FixedHoursBusinessTime(Dictionary<string, (int From, int To)> calendars) : IBusinessTime
{
    public ValueTask<DateTimeOffset> AddBusinessDaysAsync(string calendarId, DateTimeOffset from, int days, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("not used by handoffs");

    public ValueTask<DateTimeOffset> AddBusinessTimeAsync(string calendarId, DateTimeOffset from, TimeSpan businessTime, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("not used by handoffs");

    public ValueTask<DateTimeOffset?> NextOpenAsync(string calendarId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var (from, to) = Hours(calendarId);
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        if (at >= day.AddHours(from) && at < day.AddHours(to))
        {
            return ValueTask.FromResult<DateTimeOffset?>(at);
        }

        var opens = at < day.AddHours(from) ? day.AddHours(from) : day.AddDays(1).AddHours(from);
        return ValueTask.FromResult<DateTimeOffset?>(opens);
    }

    public ValueTask<DateTimeOffset?> CurrentCloseAsync(string calendarId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var (from, to) = Hours(calendarId);
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        return ValueTask.FromResult<DateTimeOffset?>(at >= day.AddHours(from) && at < day.AddHours(to) ? day.AddHours(to) : null);
    }

    private (int From, int To) Hours(string calendarId) =>
        calendars.TryGetValue(calendarId, out var hours) ? hours : throw new UnknownCalendarException(calendarId);
}
