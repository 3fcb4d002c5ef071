using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Webhooks;

namespace Orchestrator.Tests.Scenarios;

/// <summary>
/// workflows/ticket-escalation.json end to end: signed Zendesk webhooks over HTTP, a real SQLite database, the
/// escalation team created through the API, and a fake clock whose due timers are fired as the scheduler would.
/// </summary>
public sealed class TicketEscalationScenarioTests
{
    private const string Lee = "lee@support.example";
    private const string Ann = "ann@support.example";
    private const string Max = "max@support.example";
    private const string Dana = "dana@acme-health.example";
    private const string TicketKey = "zendesk:35436";

    private static Task<ShippedScenario> StartAsync() => ShippedScenario.StartAsync("workflows/ticket-escalation.json");

    [Fact]
    public async Task P1Ticket_UnacknowledgedFor15Minutes_PagesL1ThenL2()
    {
        await using var s = await StartAsync();
        var start = s.Now;

        (await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-P1-1", "35436", "urgent", start))).ShouldBe("accepted");

        var instance = (await s.InstancesAsync("ticket-escalation")).ShouldHaveSingleItem()!;
        instance["correlationId"]!.GetValue<string>().ShouldBe(TicketKey);
        (await s.SubjectsToAsync(Lee)).ShouldBe(["[P1] Please acknowledge: ticket #zendesk:35436 - Cannot sign in to the provider portal"], "account access routes to L1: the L1 on-call is paged first");
        (await s.SubjectsToAsync(Ann)).ShouldBeEmpty();
        (await s.SubjectsToAsync(Dana)).ShouldBe(["Re: Cannot sign in to the provider portal - Ticket #zendesk:35436"], "a P1 customer is told at once");

        await s.AdvanceToAsync(start.AddMinutes(14));
        (await s.SubjectsToAsync(Ann)).ShouldBeEmpty();

        await s.AdvanceToAsync(start.AddMinutes(15));
        (await s.SubjectsToAsync(Ann)).ShouldBe(["[P1] Please acknowledge: ticket #zendesk:35436 - Cannot sign in to the provider portal"], "unacknowledged for 15 minutes: L2 is paged");
        (await s.SubjectsToAsync(Max)).ShouldBeEmpty();

        await s.AdvanceToAsync(start.AddMinutes(30));
        (await s.SubjectsToAsync(Max)).ShouldHaveSingleItem().ShouldStartWith("Escalation - ", customMessage: "nobody acknowledged at L1 or L2: management is told");
    }

    [Fact]
    public async Task P1Ticket_Acknowledged_StopsPagingThenUnresolvedAtOneHourHandsOffToL2WithTheContextPacket()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-P1-2", "35436", "urgent", start));

        await s.AdvanceToAsync(start.AddMinutes(10));
        using (var ack = await s.Admin.PostJsonAsync($"/api/escalations/{Uri.EscapeDataString(TicketKey)}/acknowledge", new { by = "lee" }))
        {
            await ack.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
            (await ack.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("delivered");
        }

        await s.ZendeskAsync(TicketPayloads.ZendeskComment("01J-P1-2r", "35436", s.Now, isPublic: true, byStaff: true));

        await s.AdvanceToAsync(start.AddMinutes(59));
        (await s.SubjectsToAsync(Ann)).ShouldBeEmpty("acknowledged: L2 is not paged");
        (await s.SubjectsToAsync(Lee)).Count.ShouldBe(1);
        (await s.SubjectsToAsync(Max)).ShouldBeEmpty();

        await s.AdvanceToAsync(start.AddHours(1));
        var toL2 = (await s.EmailsAsync()).Where(e => e.To.Contains(Ann)).ShouldHaveSingleItem();
        toL2.Subject.ShouldBe("Escalation - Issue - Ticket #zendesk:35436");
        toL2.Body.ShouldContain("Priority: P1");
        toL2.Body.ShouldContain("Business impact: Critical: service down or unusable for the customer");
        toL2.Body.ShouldContain("Steps taken: Routed to L1 (account access); on-call paged; not resolved within 1 hour");
        toL2.Body.ShouldContain("Unresolved after 1 hour, the P1 escalate-after time");
        (await s.SubjectsToAsync(Dana)).ShouldBe(
            ["Re: Cannot sign in to the provider portal - Ticket #zendesk:35436", "Update on your support ticket #zendesk:35436"],
            "the customer hears of the escalation");

        using (var accept = await s.Admin.PostJsonAsync($"/api/handoffs/{Uri.EscapeDataString(TicketKey)}/accept", new { by = "ann" }))
        {
            await accept.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        await s.AdvanceToAsync(start.AddHours(1.5));
        (await s.SubjectsToAsync(Max)).ShouldBeEmpty("the handoff was accepted in time");
    }

    [Fact]
    public async Task P1Ticket_PendingOnCustomerForAnHour_ResolutionBreachMovesByThePausedHour()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-P1-3", "35436", "urgent", start));
        await AcknowledgeAsync(s);

        await s.AdvanceToAsync(start.AddMinutes(30));
        await s.ZendeskAsync(TicketPayloads.ZendeskChange("01J-P1-3a", "35436", "ticket.status_changed", "open", "pending", s.Now, priority: "urgent", status: "pending"));
        await s.AdvanceToAsync(start.AddMinutes(90));
        await s.ZendeskAsync(TicketPayloads.ZendeskChange("01J-P1-3b", "35436", "ticket.status_changed", "pending", "open", s.Now, priority: "urgent", status: "open"));

        await s.AdvanceToAsync(start.AddHours(4));
        (await BreachNoticesAsync(s)).ShouldBe(0, "without the pause the 4 h target would be breached now");

        await s.AdvanceToAsync(start.AddHours(5).AddMinutes(-1));
        (await BreachNoticesAsync(s)).ShouldBe(0);

        await s.AdvanceToAsync(start.AddHours(5));
        (await BreachNoticesAsync(s)).ShouldBe(1, "the deadline moved by the hour spent pending on the customer");
    }

    [Fact]
    public async Task P3RaisedToP1MidWay_KeepElapsed_TargetAlreadyExceededIsBreachedAtTheChange()
    {
        await using var s = await StartAsync();
        var start = s.Now; // Monday 09:00 UTC = 17:00 in Singapore: the L1 calendar is open until 20:00 local
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-P3-1", "35436", "normal", start));
        await AcknowledgeAsync(s);

        // Tuesday 02:00 UTC: 3 business hours on Monday + 2 on Tuesday (open from 08:00 local = 00:00 UTC).
        var change = new DateTimeOffset(2026, 11, 3, 2, 0, 0, TimeSpan.Zero);
        await s.AdvanceToAsync(change);
        (await BreachNoticesAsync(s)).ShouldBe(0, "5 business hours is well within the P3 target of 72");

        await s.ZendeskAsync(TicketPayloads.ZendeskChange("01J-P3-2", "35436", "ticket.priority_changed", "normal", "urgent", s.Now, priority: "urgent", status: "open"));

        (await BreachNoticesAsync(s)).ShouldBe(1, "keep-elapsed: 5 business hours already exceed the P1 target of 4, so it is breached at the change");
        var journal = await s.Admin.GetJsonAsync($"/api/workflow-instances/{(await s.InstancesAsync("ticket-escalation"))[0]!["id"]}/journal");
        journal.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ShouldContain("P3 -> P1 (keep-elapsed)");
    }

    [Fact]
    public async Task SameWebhookDeliveredTenTimes_StartsOneEscalation()
    {
        await using var s = await StartAsync();
        var body = TicketPayloads.ZendeskCreated("01J-P1-DUP", "35436", "urgent", s.Now);

        var statuses = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add(await s.ZendeskAsync(body));
        }

        statuses.Count(x => x == "accepted").ShouldBe(1);
        statuses.Count(x => x == "duplicate").ShouldBe(9);
        (await s.InstancesAsync("ticket-escalation")).Count.ShouldBe(1);
        (await s.SubjectsToAsync(Lee)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task TicketClosed_FinishesTheRunAndNothingMoreIsSent()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-P1-4", "35436", "urgent", start));
        await AcknowledgeAsync(s);

        await s.AdvanceToAsync(start.AddMinutes(20));
        await s.ZendeskAsync(TicketPayloads.ZendeskChange("01J-P1-4a", "35436", "ticket.status_changed", "open", "closed", s.Now, priority: "urgent", status: "closed"));
        var sent = (await s.EmailsAsync()).Count;

        var instance = (await s.InstancesAsync("ticket-escalation")).ShouldHaveSingleItem()!;
        instance["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        await s.AdvanceToAsync(start.AddHours(8));
        (await s.EmailsAsync()).Count.ShouldBe(sent);
    }

    [Fact]
    public async Task P1Ticket_AgentPublicReplyAt40Minutes_FirstResponseIsMet()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-FR-1", "35436", "urgent", start));
        await AcknowledgeAsync(s);

        await s.AdvanceToAsync(start.AddMinutes(20));
        (await s.ZendeskAsync(TicketPayloads.ZendeskComment("01J-FR-1a", "35436", s.Now, isPublic: false, byStaff: true))).ShouldBe("accepted");
        await s.AdvanceToAsync(start.AddMinutes(40));
        await s.ZendeskAsync(TicketPayloads.ZendeskComment("01J-FR-1b", "35436", s.Now, isPublic: true, byStaff: true));

        await s.AdvanceToAsync(start.AddHours(2));
        (await FirstResponseBreachNoticesAsync(s)).ShouldBe(0, "the agent replied publicly at 40 minutes, within the P1 hour");
        var journal = await JournalAsync(s);
        journal.ShouldContain("SLA first-response zendesk:35436 cycle 1 P1: met (responded); business 40 min");
        journal.ShouldNotContain("SLA first-response zendesk:35436 cycle 1 P1: met (responded); business 20 min", customMessage: "an internal note is not a response");
    }

    [Fact]
    public async Task P1Ticket_OnlyARequesterComment_FirstResponseIsBreachedAtOneHour()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-FR-2", "35436", "urgent", start));
        await AcknowledgeAsync(s);

        await s.AdvanceToAsync(start.AddMinutes(30));
        await s.ZendeskAsync(TicketPayloads.ZendeskComment("01J-FR-2a", "35436", s.Now, isPublic: true, byStaff: false));

        await s.AdvanceToAsync(start.AddMinutes(59));
        (await FirstResponseBreachNoticesAsync(s)).ShouldBe(0);

        await s.AdvanceToAsync(start.AddHours(1));
        (await FirstResponseBreachNoticesAsync(s)).ShouldBe(1, "the requester's own comment is not a response: the hour ran out");
        (await BreachNoticesAsync(s)).ShouldBe(0, "the resolution target (4 h) is not breached yet");
    }

    [Fact]
    public async Task P1Ticket_AccountWithContacts_CustomerNoticeGoesToContactsWhoWantTicketUpdates()
    {
        await using var s = await StartAsync();
        using (var account = await s.Admin.PostJsonAsync("/api/accounts", new
        {
            id = "acme-health",
            customer = "Acme Health",
            segment = "Enterprise",
            contacts = new object[]
            {
                new { name = "IT desk", email = "it@acme-health.example", role = "technical", topics = new[] { "ticket-updates", "incidents" } },
                new { name = "CISO", email = "ciso@acme-health.example", role = "security", topics = new[] { "incidents" } },
                new { name = "Everything", email = "all@acme-health.example" },
            },
        }))
        {
            await account.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-CT-1", "35436", "urgent", s.Now));

        const string Notice = "Re: Cannot sign in to the provider portal - Ticket #zendesk:35436";
        (await s.SubjectsToAsync(Dana)).ShouldBe([Notice], "the requester is still told");
        (await s.SubjectsToAsync("it@acme-health.example")).ShouldBe([Notice], "a contact who wants ticket updates");
        (await s.SubjectsToAsync("all@acme-health.example")).ShouldBe([Notice], "a contact without topics wants everything");
        (await s.SubjectsToAsync("ciso@acme-health.example")).ShouldBeEmpty("the CISO only wants incident notices");
    }

    private static async Task<string> JournalAsync(ShippedScenario s)
    {
        var journal = await s.Admin.GetJsonAsync($"/api/workflow-instances/{(await s.InstancesAsync("ticket-escalation"))[0]!["id"]}/journal");
        return journal.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static async Task<int> FirstResponseBreachNoticesAsync(ShippedScenario s) =>
        (await s.EmailsAsync()).Count(e => e.To.Contains(Max) && e.Body.Contains("The first response target is breached", StringComparison.Ordinal));

    private static async Task AcknowledgeAsync(ShippedScenario s)
    {
        using var ack = await s.Admin.PostJsonAsync($"/api/escalations/{Uri.EscapeDataString(TicketKey)}/acknowledge", new { by = "lee" });
        await ack.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
    }

    private static async Task<int> BreachNoticesAsync(ShippedScenario s) =>
        (await s.EmailsAsync()).Count(e => e.To.Contains(Max) && e.Body.Contains("The resolution target is breached", StringComparison.Ordinal));
}
