using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Scenarios;
using Orchestrator.Tests.Webhooks;

namespace Orchestrator.Tests.Api.Dashboard;

/// <summary>
/// The dashboard's time to acknowledge / first respond / resolve, escalation rate, support debt and QBRs held on time,
/// after the shipped ticket escalation and QBR cadence ran on signed webhooks, API calls and a fake clock.
/// </summary>
public sealed class SupportMetricsTests
{
    [Fact]
    public async Task Get_AfterShippedTicketEscalations_MeasuresResponseTimesEscalationRateAndSupportDebtExactly()
    {
        await using var s = await ShippedScenario.StartAsync("workflows/ticket-escalation.json");
        var start = s.Now; // Monday 09:00 UTC, 17:00 in Singapore: the P3 calendar (singapore-l1) closes at 12:00 UTC
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("e-101", "101", "urgent", start));
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("e-102", "102", "urgent", start));
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("e-103", "103", "urgent", start));

        await AtAsync(5, () => AcknowledgeAsync("101", "lee"));
        await AtAsync(10, () => AcknowledgeAsync("102", "lee"));
        await AtAsync(10, () => s.ZendeskAsync(TicketPayloads.ZendeskComment("e-101r", "101", s.Now, isPublic: true, byStaff: true)));
        // 103 is not acknowledged at L1 within 15 minutes: L2 is paged, and acknowledges at 18.
        await AtAsync(18, () => AcknowledgeAsync("103", "ann"));
        await AtAsync(20, () => s.ZendeskAsync(TicketPayloads.ZendeskComment("e-102r", "102", s.Now, isPublic: true, byStaff: true)));
        await AtAsync(30, () => s.ZendeskAsync(Solved("e-101s", "101")));
        await AtAsync(40, () => s.ZendeskAsync(TicketPayloads.ZendeskComment("e-103r", "103", s.Now, isPublic: true, byStaff: true)));
        await AtAsync(50, () => s.ZendeskAsync(Solved("e-102s", "102")));
        // At one hour 103 is still unresolved: handed off to L2. A P3 arrives at 18:00 Singapore time.
        await AtAsync(60, () => s.ZendeskAsync(TicketPayloads.ZendeskCreated("e-104", "104", "normal", s.Now)));
        await AtAsync(90, () => AcknowledgeAsync("104", "lee"));
        // Its first response at 21:00 Singapore time: 3 hours on the clock, 2 of them in business hours.
        await AtAsync(240, () => s.ZendeskAsync(TicketPayloads.ZendeskComment("e-104r", "104", s.Now, isPublic: true, byStaff: true, priority: "normal")));

        var summary = await s.Admin.GetJsonAsync("/api/dashboard");

        var times = summary["responseTimes"]!;
        Metric(times["acknowledge"]!).ShouldBe("wall-clock; all: 4, 14, 26.4; P1: 3, 10, 16.4; P2: 0, -, -; P3: 1, 30, 30; P4: 0, -, -");
        Metric(times["firstResponse"]!).ShouldBe("business; all: 4, 30, 96; P1: 3, 20, 36; P2: 0, -, -; P3: 1, 120, 120; P4: 0, -, -");
        Metric(times["resolution"]!).ShouldBe("business; all: 2, 40, 48; P1: 2, 40, 48; P2: 0, -, -; P3: 0, -, -; P4: 0, -, -");
        var escalations = summary["escalations"]!;
        $"{escalations["tickets"]} tickets, {escalations["escalated"]} escalated ({escalations["ratePercent"]} %): {escalations["handedOff"]} handed off, {escalations["pagedPastFirstLevel"]} paged past level 1"
            .ShouldBe("4 tickets, 1 escalated (25 %): 1 handed off, 1 paged past level 1");
        escalations["byPriority"]!.AsArray().Select(g => $"{g!["priority"]}: {g["escalated"]}/{g["tickets"]} {g["ratePercent"]?.ToJsonString() ?? "-"}")
            .ShouldBe(["P1: 1/3 33.3", "P2: 0/0 -", "P3: 0/1 0", "P4: 0/0 -"]);
        var backlog = summary["backlog"]!;
        backlog["count"]!.GetValue<int>().ShouldBe(2);
        backlog["totalAgeHours"]!.GetValue<double>().ShouldBe(7, "support debt: 103 open for 4 hours and 104 for 3");
        backlog["byPriority"]!.AsArray().Select(g => $"{g!["priority"]}: {g["totalAgeHours"]}").ShouldBe(["P1: 4", "P3: 3"]);

        async Task AtAsync(int minutes, Func<Task> act)
        {
            await s.AdvanceToAsync(start.AddMinutes(minutes));
            await act();
        }

        async Task AcknowledgeAsync(string ticket, string by)
        {
            using var ack = await s.Admin.PostJsonAsync($"/api/escalations/{Uri.EscapeDataString("zendesk:" + ticket)}/acknowledge", new { by });
            await ack.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        string Solved(string eventId, string ticket) =>
            TicketPayloads.ZendeskChange(eventId, ticket, "ticket.status_changed", "open", "solved", s.Now, priority: "urgent", status: "solved");
    }

    [Fact]
    public async Task Get_NothingRecorded_SaysNoDataInsteadOfZeros()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();

        var summary = await admin.GetJsonAsync("/api/dashboard");

        var times = summary["responseTimes"]!;
        foreach (var metric in new[] { "acknowledge", "firstResponse", "resolution" })
        {
            Metric(times[metric]!).ShouldEndWith("all: 0, -, -; P1: 0, -, -; P2: 0, -, -; P3: 0, -, -; P4: 0, -, -", customMessage: metric);
        }

        summary["escalations"]!["tickets"]!.GetValue<int>().ShouldBe(0);
        summary["escalations"]!["ratePercent"].ShouldBeNull();
        summary["qbrs"]!["reviews"]!.GetValue<int>().ShouldBe(0);
        summary["qbrs"]!["onTimePercent"].ShouldBeNull();
        summary["backlog"]!["totalAgeHours"]!.GetValue<double>().ShouldBe(0);
    }

    [Fact]
    public async Task Get_AfterAYearOfQbrCadence_CountsReviewsHeldByTheirDueTimeInThePeriod()
    {
        await using var host = await PlaybookHost.StartAsync();
        await host.CreateAccountAsync("mercy", "Regional", contractStart: "2026-01-15");
        await host.StartPlaybookAsync("mercy", "qbr-cadence", null, HttpStatusCode.Accepted);

        // Reviews at 09:00 on the quarterly anniversaries, each due a day later: the second is never held.
        await host.AdvanceToAsync(At(2027, 1, 15, 10));
        await CompleteReviewAsync();
        await host.AdvanceToAsync(At(2027, 7, 15, 11));
        await CompleteReviewAsync();
        await host.AdvanceToAsync(At(2027, 10, 16, 8));
        await CompleteReviewAsync();
        await host.AdvanceToAsync(At(2027, 10, 17, 9));

        var year = (await host.Admin.GetJsonAsync("/api/dashboard?days=366"))["qbrs"]!;
        var month = (await host.Admin.GetJsonAsync("/api/dashboard?days=30"))["qbrs"]!;

        Qbrs(year).ShouldBe("4 reviews: 3 on time, 0 late, 1 not held, 75 %");
        var missed = year["notOnTime"]!.AsArray().ShouldHaveSingleItem()!;
        missed["accountId"]!.GetValue<string>().ShouldBe("mercy");
        missed["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(At(2027, 4, 16, 9));
        missed["completedAt"].ShouldBeNull();
        missed["status"]!.GetValue<string>().ShouldBe("expired");
        Qbrs(month).ShouldBe("1 reviews: 1 on time, 0 late, 0 not held, 100 %");

        async Task CompleteReviewAsync()
        {
            var review = (await host.TasksAsync("mercy")).Single(t => t["title"]!.GetValue<string>().StartsWith("Quarterly business review", StringComparison.Ordinal) && t["status"]!.GetValue<string>() == "open");
            using var done = await host.Admin.PostJsonAsync($"/api/tasks/{review["id"]}/complete", new { comment = "held" });
            await done.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }
    }

    [Fact]
    public async Task OpenApi_Dashboard_DescribesHowEachMetricIsMeasured()
    {
        await using var api = new ApiFactory();
        using var client = api.Client(apiKey: null);

        var document = await client.GetJsonAsync("/openapi/v1.json");

        var description = document["paths"]!["/api/dashboard"]!["get"]!["description"]!.GetValue<string>();
        description.ShouldContain("**acknowledge** (clock `wall-clock`)");
        description.ShouldContain("**firstResponse** (clock `business`): business minutes on the SLA's calendar, pauses (pending, on hold) left out");
        description.ShouldContain("**resolution** (clock `business`)");
        description.ShouldContain("**backlog.totalAgeHours**: the support debt");
        description.ShouldContain("paged past level 1");
        description.ShouldContain("**qbrs**");
    }

    private static DateTimeOffset At(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    private static string Metric(JsonNode metric) =>
        $"{metric["clock"]}; all: {Group(metric["overall"]!)}; {string.Join("; ", metric["byPriority"]!.AsArray().Select(g => $"{g!["priority"]}: {Group(g)}"))}";

    private static string Group(JsonNode g) =>
        $"{g["count"]}, {g["medianMinutes"]?.ToJsonString() ?? "-"}, {g["p90Minutes"]?.ToJsonString() ?? "-"}";

    private static string Qbrs(JsonNode q) =>
        $"{q["reviews"]} reviews: {q["onTime"]} on time, {q["late"]} late, {q["notHeld"]} not held, {q["onTimePercent"]?.ToJsonString() ?? "-"} %";
}
