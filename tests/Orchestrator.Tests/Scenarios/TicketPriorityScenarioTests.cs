using System.Globalization;
using System.Net;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Webhooks;

namespace Orchestrator.Tests.Scenarios;

/// <summary>
/// The per-priority targets of workflows/ticket-escalation.json for P2, P3 and P4 (DOMAIN.md, "Ticket SLAs"), end to end
/// as <see cref="TicketEscalationScenarioTests"/> does for P1. The run starts on Monday 2026-11-02 09:00 UTC (17:00 in
/// Singapore): P3 and P4 SLA targets count the hours of the <c>singapore-l1</c> desk, Mon-Fri 00:00-12:00, Sat
/// 01:00-09:00 and Sun 02:00-08:00 UTC; P1 and P2 count the wall clock.
/// </summary>
public sealed class TicketPriorityScenarioTests
{
    private const string Ann = "ann@support.example";
    private const string Max = "max@support.example";
    private const string Dana = "dana@acme-health.example";
    private const string TicketKey = "zendesk:35436";
    private const string CustomerNotice = "Re: Cannot sign in to the provider portal - Ticket #zendesk:35436";

    [Theory]
    [InlineData("high", "P2", 30)]
    [InlineData("normal", "P3", 120)]
    [InlineData("low", "P4", 1440)]
    public async Task Paging_UnacknowledgedForThePriorityTarget_PagesTheNextTier(string zendeskPriority, string priority, int ackMinutes)
    {
        await using var s = await ShippedScenario.StartAsync("workflows/ticket-escalation.json");
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-ACK-" + priority, "35436", zendeskPriority, start));
        var page = $"[{priority}] Please acknowledge: ticket #zendesk:35436 - Cannot sign in to the provider portal";
        (await s.SubjectsToAsync("lee@support.example")).ShouldBe([page], "account access routes to L1: its on-call is paged first");

        await s.AdvanceToAsync(start.AddMinutes(ackMinutes - 1));
        (await s.SubjectsToAsync(Ann)).ShouldBeEmpty();

        await s.AdvanceToAsync(start.AddMinutes(ackMinutes));
        (await s.SubjectsToAsync(Ann)).ShouldBe([page], $"unacknowledged for {ackMinutes} minutes: L2 is paged");
        (await s.SubjectsToAsync(Max)).ShouldBeEmpty();

        await s.AdvanceToAsync(start.AddMinutes(2 * ackMinutes));
        (await s.EmailsAsync()).Count(e => e.To.Contains(Max) && e.Body.Contains($"Nobody acknowledged the {priority} ticket at L1 or L2", StringComparison.Ordinal))
            .ShouldBe(1, "L2 did not acknowledge within the same time either: management is told");
    }

    [Theory]
    [InlineData("high", "P2", "2026-11-02T13:00:00Z", "4 hours")]
    [InlineData("normal", "P3", "2026-11-04T09:00:00Z", "24 business hours")] // 3 h on Monday, 12 on Tuesday, 9 on Wednesday
    [InlineData("low", "P4", "2026-11-06T09:00:00Z", "48 business hours")] // 3 h on Monday, 12 each Tuesday to Thursday, 9 on Friday
    public async Task FirstResponse_NoAgentReply_BreachedAtThePriorityTarget(string zendeskPriority, string priority, string due, string target)
    {
        await using var s = await ShippedScenario.StartAsync("workflows/ticket-escalation.json");
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-FR-" + priority, "35436", zendeskPriority, s.Now));
        await AcknowledgeAsync(s);
        var dueAt = Instant(due);

        await s.AdvanceToAsync(dueAt.AddMinutes(-1));
        (await NoticesToMaxAsync(s, "The first response target is breached")).ShouldBeEmpty();

        await s.AdvanceToAsync(dueAt);
        (await NoticesToMaxAsync(s, "The first response target is breached")).ShouldHaveSingleItem()
            .ShouldContain($"the {priority} ticket within {target}");
    }

    [Theory]
    [InlineData("high", "P2", "2026-11-03T09:00:00Z", "24 hours")]
    // Deepavali falls on Sunday 8 November 2026 and is observed on Monday 9 November: singapore-l1 is closed both days.
    [InlineData("normal", "P3", "2026-11-11T01:00:00Z", "72 business hours")] // 3 + 4 x 12 + 8 (Sat) = 59 h by Saturday night, 12 on Tuesday, 1 more on Wednesday
    [InlineData("low", "P4", "2026-11-19T11:00:00Z", "7 days (168 business hours)")] // 59 h in the first week, 62 h from Tuesday to Sunday, 12 x 3 + 11 from the Monday after
    public async Task Resolution_Unsolved_BreachedAtThePriorityTarget(string zendeskPriority, string priority, string due, string target)
    {
        await using var s = await ShippedScenario.StartAsync("workflows/ticket-escalation.json");
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-RES-" + priority, "35436", zendeskPriority, s.Now));
        await AcknowledgeAsync(s);
        var dueAt = Instant(due);

        await s.AdvanceToAsync(dueAt.AddMinutes(-1));
        (await NoticesToMaxAsync(s, "The resolution target is breached")).ShouldBeEmpty();

        await s.AdvanceToAsync(dueAt);
        (await NoticesToMaxAsync(s, "The resolution target is breached")).ShouldHaveSingleItem()
            .ShouldContain($"opened as {priority}, target {target}");
    }

    [Theory]
    [InlineData("urgent", "P1", 2)]
    [InlineData("high", "P2", 24)]
    public async Task StatusUpdates_UnsolvedP1OrP2_CustomerToldAtThePriorityCadenceUntilSolved(string zendeskPriority, string priority, int everyHours)
    {
        await using var s = await ShippedScenario.StartAsync("workflows/ticket-escalation.json");
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-UPD-" + priority, "35436", zendeskPriority, start));
        await AcknowledgeAsync(s);

        await s.AdvanceToAsync(start.AddHours(everyHours).AddMinutes(-1));
        (await StatusUpdatesToDanaAsync(s)).ShouldBe(0);

        await s.AdvanceToAsync(start.AddHours(everyHours));
        (await StatusUpdatesToDanaAsync(s)).ShouldBe(1);

        await s.AdvanceToAsync(start.AddHours(2 * everyHours));
        (await StatusUpdatesToDanaAsync(s)).ShouldBe(2);

        await s.ZendeskAsync(TicketPayloads.ZendeskChange("01J-UPD-" + priority + "s", "35436", "ticket.status_changed", "open", "solved", s.Now, priority: zendeskPriority, status: "solved"));
        await s.AdvanceToAsync(start.AddHours(4 * everyHours));
        (await StatusUpdatesToDanaAsync(s)).ShouldBe(2, "a solved ticket gets no more status updates");
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("low")]
    public async Task StatusUpdates_UnsolvedP3OrP4_NoneAreSent(string zendeskPriority)
    {
        await using var s = await ShippedScenario.StartAsync("workflows/ticket-escalation.json");
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-UPD-" + zendeskPriority, "35436", zendeskPriority, start));
        await AcknowledgeAsync(s);

        for (var day = 1; day <= 8; day++)
        {
            await s.AdvanceToAsync(start.AddDays(day));
        }

        (await s.SubjectsToAsync(Dana)).ShouldContain(CustomerNotice, "the customer is told once that we are on it");
        (await StatusUpdatesToDanaAsync(s)).ShouldBe(0);
    }

    [Theory]
    [InlineData("high", "P2", 8, "8 hours")]
    [InlineData("normal", "P3", 48, "48 hours")]
    [InlineData("low", "P4", 168, "7 days")]
    public async Task EscalateAfter_UnresolvedForThePriorityTime_HandsOffToL2WithTheContextPacket(string zendeskPriority, string priority, int afterHours, string afterText)
    {
        await using var s = await ShippedScenario.StartAsync("workflows/ticket-escalation.json");
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-ESC-" + priority, "35436", zendeskPriority, start));
        await AcknowledgeAsync(s);

        await s.AdvanceToAsync(start.AddHours(afterHours).AddMinutes(-1));
        (await HandoffsToAsync(s, Ann)).ShouldBeEmpty();
        (await s.SubjectsToAsync(Dana)).ShouldNotContain("Update on your support ticket #zendesk:35436");

        await s.AdvanceToAsync(start.AddHours(afterHours));
        var handoff = (await HandoffsToAsync(s, Ann)).ShouldHaveSingleItem();
        handoff.ShouldContain($"Priority: {priority}");
        handoff.ShouldContain($"Steps taken: Routed to L1 (account access); on-call paged; not resolved within {afterText}");
        handoff.ShouldContain($"Unresolved after {afterText}, the {priority} escalate-after time");
        (await s.SubjectsToAsync(Dana)).ShouldContain("Update on your support ticket #zendesk:35436", customMessage: "the customer hears of the escalation");
    }

    [Theory]
    [InlineData("high", "P2", 30)]
    [InlineData("normal", "P3", 240)]
    [InlineData("low", "P4", 1440)]
    public async Task CustomerNotice_OpenAtThePriorityTime_TellsTheRequesterThen(string zendeskPriority, string priority, int afterMinutes)
    {
        await using var s = await ShippedScenario.StartAsync("workflows/ticket-escalation.json");
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-CN-" + priority, "35436", zendeskPriority, start));

        await s.AdvanceToAsync(start.AddMinutes(afterMinutes - 1));
        (await s.SubjectsToAsync(Dana)).ShouldNotContain(CustomerNotice);

        await s.AdvanceToAsync(start.AddMinutes(afterMinutes));
        (await s.SubjectsToAsync(Dana)).Count(x => x == CustomerNotice).ShouldBe(1, $"a {priority} customer is told within {afterMinutes} minutes");
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static async Task AcknowledgeAsync(ShippedScenario s)
    {
        using var ack = await s.Admin.PostJsonAsync($"/api/escalations/{Uri.EscapeDataString(TicketKey)}/acknowledge", new { by = "lee" });
        await ack.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
    }

    private static async Task<List<string>> NoticesToMaxAsync(ShippedScenario s, string reason) =>
        [.. (await s.EmailsAsync()).Where(e => e.To.Contains(Max) && e.Body.Contains(reason, StringComparison.Ordinal)).Select(e => e.Body)];

    private static async Task<List<string>> HandoffsToAsync(ShippedScenario s, string address) =>
        [.. (await s.EmailsAsync()).Where(e => e.To.Contains(address) && e.Subject == "Escalation - Issue - Ticket #zendesk:35436").Select(e => e.Body)];

    private static async Task<int> StatusUpdatesToDanaAsync(ShippedScenario s) =>
        (await s.SubjectsToAsync(Dana)).Count(x => x.EndsWith("Status update: Cannot sign in to the provider portal", StringComparison.Ordinal));
}
