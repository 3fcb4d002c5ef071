using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;
using Orchestrator.Activities.Tickets;
using Orchestrator.Auth;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Tests.Api.Dashboard;

/// <summary>
/// SLA timers driven to met and breached on a real SQLite database: the cycle records, the instance's SLA endpoint and
/// the dashboard's compliance, breaches, backlog and onboarding figures.
/// </summary>
public sealed class SlaDashboardTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_AfterMetBreachedAndRunningSlas_CountsComplianceBreachesAndBacklogExactly()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();
        var runtime = api.Services.GetRequiredService<WorkflowRuntime>();
        var t0 = api.Clock.GetUtcNow();

        // A P4 resolution SLA without a tier, four days old when the others start.
        await admin.SaveAsync(SlaFlow("old", "zendesk:4", "P4", "resolution", tier: null), publish: true);
        await admin.StartRunAsync("old");
        api.Clock.Advance(TimeSpan.FromDays(4));
        await runtime.FireDueTimersAsync(Ct);
        var t1 = api.Clock.GetUtcNow();

        await admin.SaveAsync(SlaFlow("answered", "zendesk:1", "P1", "first-response", "L1"), publish: true);
        await admin.SaveAsync(SlaFlow("late", "zendesk:2", "P1", "first-response", "L1"), publish: true);
        await admin.SaveAsync(SlaFlow("open", "zendesk:3", "P2", "resolution", "L1"), publish: true);
        var answered = (await admin.StartRunAsync("answered"))["id"]!.GetValue<string>();
        var late = (await admin.StartRunAsync("late"))["id"]!.GetValue<string>();
        await admin.StartRunAsync("open");

        await AtAsync(t1.AddMinutes(10), Ticket("zendesk:2", "ticket.status_changed", status: "pending", tier: "L2"));
        await AtAsync(t1.AddMinutes(20), Ticket("zendesk:2", "ticket.status_changed", status: "open"));
        await AtAsync(t1.AddMinutes(30), Ticket("zendesk:1", "ticket.responded"));
        // zendesk:2's hour ends at +70 (ten minutes paused); its timers fire late, at +75.
        await AtAsync(t1.AddMinutes(75), null);
        using var viewer = await api.ClientWithRolesAsync(Roles.Viewer);

        var summary = await viewer.GetJsonAsync("/api/dashboard");

        var sla = summary["sla"]!;
        sla["days"]!.GetValue<int>().ShouldBe(30);
        Group(sla["overall"]!).ShouldBe("met 1, breached 1, running 2, 50");
        Groups(sla["byPriority"]!).ShouldBe(["P1: met 1, breached 1, running 0, 50", "P2: met 0, breached 0, running 1, -", "P4: met 0, breached 0, running 1, -"]);
        Groups(sla["byTier"]!).ShouldBe(["L1: met 1, breached 0, running 1, 100", "L2: met 0, breached 1, running 0, 0", "-: met 0, breached 0, running 1, -"]);
        var breach = sla["recentBreaches"]!.AsArray().ShouldHaveSingleItem()!;
        breach["instanceId"]!.GetValue<string>().ShouldBe(late);
        breach["ticketId"]!.GetValue<string>().ShouldBe("zendesk:2");
        breach["tier"]!.GetValue<string>().ShouldBe("L2");
        breach["open"]!.GetValue<bool>().ShouldBeTrue();
        breach["breachedAt"]!.GetValue<DateTimeOffset>().ShouldBe(t1.AddMinutes(75));
        breach["breachTheoreticalAt"]!.GetValue<DateTimeOffset>().ShouldBe(t1.AddMinutes(70));
        breach["reason"]!.GetValue<string>().ShouldBe(
            "no first response within 1 h business time (P1, calendar '24x7'); held by L2 at the breach (tiers L1 -> L2); paused 1x for 10 min wall clock; detected 5 min after the target was reached");

        var backlog = summary["backlog"]!;
        backlog["count"]!.GetValue<int>().ShouldBe(3);
        backlog["oldestAgeHours"]!.GetValue<double>().ShouldBe(97.2);
        backlog["totalAgeHours"]!.GetValue<double>().ShouldBe(99.8, "support debt: 97.25 + 1.25 + 1.25 hours");
        var byPriority = backlog["byPriority"]!.AsArray();
        byPriority.Select(g => $"{g!["priority"]}: {g["count"]} [{g["underOneDay"]} {g["oneToThreeDays"]} {g["threeToSevenDays"]} {g["overSevenDays"]}] {g["oldestTicketId"]}")
            .ShouldBe(["P1: 1 [1 0 0 0] zendesk:2", "P2: 1 [1 0 0 0] zendesk:3", "P4: 1 [0 0 1 0] zendesk:4"]);

        // The breached cycle's instance: one cycle with its steps; the met one's.
        var cycles = (await viewer.GetJsonAsync($"/api/workflow-instances/{late}/sla")).AsArray();
        var cycle = cycles.ShouldHaveSingleItem()!;
        cycle["status"]!.GetValue<string>().ShouldBe("breached");
        cycle["metric"]!.GetValue<string>().ShouldBe("first-response");
        cycle["targetMinutes"]!.GetValue<double>().ShouldBe(60);
        cycle["calendarId"]!.GetValue<string>().ShouldBe("24x7");
        cycle["deadlineAt"]!.GetValue<DateTimeOffset>().ShouldBe(t1.AddMinutes(70));
        cycle["businessElapsedMinutes"]!.GetValue<double>().ShouldBe(65);
        cycle["wallClockElapsedMinutes"]!.GetValue<double>().ShouldBe(75);
        cycle["pausedMinutes"]!.GetValue<double>().ShouldBe(10);
        cycle["open"]!.GetValue<bool>().ShouldBeTrue();
        cycle["steps"]!.AsArray().Select(s => s!["type"]!.GetValue<string>()).ShouldBe(["started", "tier-changed", "paused", "resumed", "warning", "warning", "breached"]);
        var met = (await viewer.GetJsonAsync($"/api/workflow-instances/{answered}/sla")).AsArray().ShouldHaveSingleItem()!;
        met["status"]!.GetValue<string>().ShouldBe("met");
        met["metAt"]!.GetValue<DateTimeOffset>().ShouldBe(t1.AddMinutes(30));
        met["open"]!.GetValue<bool>().ShouldBeFalse();
        met["breachReason"].ShouldBeNull();

        async Task AtAsync(DateTimeOffset at, JsonObject? ticketEvent)
        {
            // One jump, then the due timers: what fell due in between is detected late, at the jump.
            api.Clock.SetUtcNow(at);
            await runtime.FireDueTimersAsync(Ct);

            if (ticketEvent is not null)
            {
                await runtime.DeliverAsync(TicketStimuli.Event, ticketEvent["ticketId"]!.GetValue<string>(), null, ticketEvent, Ct);
            }
        }
    }

    [Fact]
    public async Task Get_WindowExcludesOldOutcomes_CountsOnlyRecentOnes()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();
        var runtime = api.Services.GetRequiredService<WorkflowRuntime>();
        await admin.SaveAsync(SlaFlow("answered", "zendesk:1", "P1", "first-response", "L1"), publish: true);
        await admin.StartRunAsync("answered");
        api.Clock.Advance(TimeSpan.FromMinutes(20));
        await runtime.DeliverAsync(TicketStimuli.Event, "zendesk:1", null, Ticket("zendesk:1", "ticket.responded"), Ct);
        api.Clock.Advance(TimeSpan.FromDays(3));

        var week = await admin.GetJsonAsync("/api/dashboard?days=7");
        var day = await admin.GetJsonAsync("/api/dashboard?days=2");

        Group(week["sla"]!["overall"]!).ShouldBe("met 1, breached 0, running 0, 100");
        Group(day["sla"]!["overall"]!).ShouldBe("met 0, breached 0, running 0, -");
        day["sla"]!["byPriority"]!.AsArray().ShouldBeEmpty();
        day["backlog"]!["count"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("367")]
    public async Task Get_DaysOutOfRange_Returns400NamingDays(string days)
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();

        using var response = await admin.GetPathAsync($"/api/dashboard?days={days}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["days"].ShouldNotBeNull();
    }

    [Fact]
    public async Task GetInstanceSla_UnknownInstance_Returns404()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();

        using var response = await admin.GetPathAsync("/api/workflow-instances/nope/sla");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_OnboardingRuns_ShowsProgressPerAccount()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();
        await api.Services.GetRequiredService<IDocumentStore>().PutAsync("person", "casey", JsonSerializer.SerializeToNode(new Person { Id = "casey", Name = "Casey" }, Web)!.AsObject(), cancellationToken: Ct);
        await admin.SaveAsync(
            Flows.Definition(
                "onboarding-test",
                "Onboarding",
                [
                    Task("kickoff", "Foundation", "2026-11-03T17:00:00+00:00"),
                    Task("training", "Adoption", "2026-11-04T17:00:00+00:00"),
                ],
                [("kickoff", "Completed", "training")]),
            publish: true);
        var run = (await admin.StartRunAsync("onboarding-test"))["id"]!.GetValue<string>();
        var kickoff = (await admin.GetJsonAsync($"/api/tasks?instanceId={run}")).AsArray().ShouldHaveSingleItem()!["id"]!.GetValue<string>();
        using (var done = await admin.PostJsonAsync($"/api/tasks/{kickoff}/complete", new { comment = "held" }))
        {
            await done.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        api.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 5, 0, 0, 0, TimeSpan.Zero));
        await api.Services.GetRequiredService<WorkflowRuntime>().FireDueTimersAsync(Ct);

        var summary = await admin.GetJsonAsync("/api/dashboard");

        var account = summary["onboarding"]!.AsArray().ShouldHaveSingleItem()!;
        account["accountId"]!.GetValue<string>().ShouldBe("acme");
        account["instanceId"]!.GetValue<string>().ShouldBe(run);
        account["tasks"]!.GetValue<int>().ShouldBe(2);
        account["completed"]!.GetValue<int>().ShouldBe(1);
        account["overdue"]!.GetValue<int>().ShouldBe(1);
        account["percentComplete"]!.GetValue<double>().ShouldBe(50);
        account["currentPhase"]!.GetValue<string>().ShouldBe("Adoption");
    }

    private static JsonObject SlaFlow(string definitionId, string ticketId, string priority, string metric, string? tier)
    {
        var properties = new List<(string, JsonNode?)> { ("ticketId", Flows.Literal(ticketId)), ("priority", Flows.Literal(priority)), ("metric", Flows.Literal(metric)) };
        if (tier is not null)
        {
            properties.Add(("tier", Flows.Literal(tier)));
        }

        return Flows.Definition(definitionId, definitionId, [Flows.Activity("sla", "Orchestrator.SlaTimer", [.. properties])]);
    }

    private static JsonObject Ticket(string ticketId, string type, string? status = null, string? tier = null)
    {
        var e = new JsonObject { ["type"] = type, ["ticketId"] = ticketId };
        if (status is not null)
        {
            e["status"] = status;
        }

        if (tier is not null)
        {
            e["tier"] = tier;
        }

        return e;
    }

    private static JsonObject Task(string id, string phase, string dueAt) => Flows.Activity(
        id,
        "Orchestrator.AssignTask",
        ("title", Flows.Literal(id)),
        ("owner", Flows.Literal("person:casey")),
        ("accountId", Flows.Literal("acme")),
        ("phase", Flows.Literal(phase)),
        ("dueAt", Flows.Literal(dueAt)),
        ("notifyOwner", Flows.Literal(false, "Boolean")),
        ("escalateAfter", Flows.Literal("30d")));

    private static string Group(JsonNode g) =>
        $"met {g["met"]}, breached {g["breached"]}, running {g["running"]}, {(g["compliancePercent"] is { } p ? p.ToJsonString() : "-")}";

    private static IEnumerable<string> Groups(JsonNode list) =>
        list.AsArray().Select(g => $"{(g!["key"] is { } k ? k.GetValue<string>() : "-")}: {Group(g)}");
}
