using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Tests.Escalation;

namespace Orchestrator.Activities.Tests.Handoffs;

public sealed class WaitForShiftEndTests
{
    private static ActivityHarness Harness() => new(services => services.AddSingleton<IBusinessTime>(new FixedHoursBusinessTime(new() { ["europe"] = (8, 16) })));

    [Fact]
    public async Task WaitForShiftEnd_CalendarOpen_CompletesWhenTheOpenSpanCloses()
    {
        await using var harness = Harness();
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
        await harness.StartAsync("Orchestrator.WaitForShiftEnd", new JsonObject { ["calendarId"] = "europe" }, "Done");

        await harness.AdvanceAsync(TimeSpan.FromHours(5.9));
        harness.Outcomes.ShouldBeEmpty();

        await harness.AdvanceAsync(TimeSpan.FromHours(0.1));
        harness.Outcomes.ShouldBe(["Done"]);
    }

    [Fact]
    public async Task WaitForShiftEnd_CalendarClosed_WaitsForTheEndOfTheNextShiftNotNow()
    {
        await using var harness = Harness();
        harness.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 17, 0, 0, TimeSpan.Zero));
        await harness.StartAsync("Orchestrator.WaitForShiftEnd", new JsonObject { ["calendarId"] = "europe" }, "Done");

        await harness.AdvanceAsync(TimeSpan.FromHours(22.9));
        harness.Outcomes.ShouldBeEmpty("the shift of the next day ends at 16:00");

        await harness.AdvanceAsync(TimeSpan.FromHours(0.1));
        harness.Outcomes.ShouldBe(["Done"]);
    }

    [Fact]
    public async Task WaitForShiftEnd_UnknownCalendar_RaisesAnIncidentNamingTheInput()
    {
        await using var harness = Harness();

        var instance = await harness.StartAsync("Orchestrator.WaitForShiftEnd", new JsonObject { ["calendarId"] = "atlantis" }, "Done");

        (await harness.InstanceAsync(instance)).Incidents.ShouldHaveSingleItem().Message.ShouldContain("input 'calendarId'");
    }
}
