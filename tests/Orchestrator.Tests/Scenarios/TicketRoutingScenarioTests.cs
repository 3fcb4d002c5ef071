using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Webhooks;

namespace Orchestrator.Tests.Scenarios;

/// <summary>
/// The routing matrix and the tier chain of workflows/ticket-escalation.json (DOMAIN.md, "Routing" and "Handoffs"), end to
/// end with P1 tickets: each tier has an on-call rotation of one person (Lee L1, Ann L2, Kim L3), who is also its queue.
/// </summary>
public sealed class TicketRoutingScenarioTests
{
    private const string TicketKey = "zendesk:35436";
    private const string Page = "[P1] Please acknowledge: ticket #zendesk:35436 - Cannot sign in to the provider portal";
    private const string Handoff = "Escalation - Issue - Ticket #zendesk:35436";
    private const string CustomerUpdate = "Update on your support ticket #zendesk:35436";
    private const string Dana = "dana@acme-health.example";

    private static readonly Dictionary<string, (string Id, string Email)> Tiers = new()
    {
        ["L1"] = ("lee", "lee@support.example"),
        ["L2"] = ("ann", "ann@support.example"),
        ["L3"] = ("kim", "kim@support.example"),
    };

    [Theory]
    [InlineData("account_access", "L1", "L2,L3")]
    [InlineData("navigation", "L1", "L2,L3")]
    [InlineData("search", "L1", "L2,L3")]
    [InlineData("provider_support", "L1", "L2,L3")]
    [InlineData("technical", "L2", "L3")]
    [InlineData("compliance", "L2", "L3")]
    [InlineData("security", "L2", "L3")]
    [InlineData("outages", "L2", "L3")]
    [InlineData("outage", "L2", "L3")]
    [InlineData("legal", "L3", "")]
    public async Task Route_ByCategory_PagesTheRoutedTierThenHandsOffUpTheChainEachEscalateAfterHour(string category, string pagedTier, string handoffTiers)
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(Created("01J-RT-" + category, category, start));

        foreach (var (tier, person) in Tiers)
        {
            List<string> pages = tier == pagedTier ? [Page] : [];
            (await s.SubjectsToAsync(person.Email)).ShouldBe(pages, $"'{category}' pages the {pagedTier} on-call first");
        }

        await AcknowledgeAsync(s, Tiers[pagedTier].Id);
        var expected = handoffTiers.Split(',', StringSplitOptions.RemoveEmptyEntries);
        for (var hour = 1; hour <= 3; hour++)
        {
            await s.AdvanceToAsync(start.AddHours(hour));
            var handedTo = expected.Take(hour).ToList();
            foreach (var (tier, person) in Tiers)
            {
                (await s.SubjectsToAsync(person.Email)).Count(x => x == Handoff).ShouldBe(handedTo.Contains(tier) ? 1 : 0, $"'{category}' after {hour} h: handed to {string.Join(", ", handedTo)}");
            }

            (await s.SubjectsToAsync(Dana)).Count(x => x == CustomerUpdate).ShouldBe(handedTo.Count, "the customer hears of each handoff");
            if (hour <= expected.Length)
            {
                await AcceptAsync(s, Tiers[expected[hour - 1]].Id);
            }
        }
    }

    [Fact]
    public async Task Chain_L1TicketUnresolvedAnotherHourAfterTheL2Handoff_HandsOffToL3WithTheContextPacket()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(Created("01J-CH-1", "account_access", start));
        await AcknowledgeAsync(s, "lee");

        await s.AdvanceToAsync(start.AddHours(1));
        (await HandoffBodiesAsync(s, "ann@support.example")).ShouldHaveSingleItem();
        await s.AdvanceToAsync(start.AddMinutes(65));
        await AcceptAsync(s, "ann");

        await s.AdvanceToAsync(start.AddHours(2).AddMinutes(-1));
        (await HandoffBodiesAsync(s, "kim@support.example")).ShouldBeEmpty();

        await s.AdvanceToAsync(start.AddHours(2));
        var toL3 = (await HandoffBodiesAsync(s, "kim@support.example")).ShouldHaveSingleItem();
        toL3.ShouldContain("Escalated to: L3");
        toL3.ShouldContain("Priority: P1");
        toL3.ShouldContain("Business impact: Critical: service down or unusable for the customer");
        toL3.ShouldContain("Steps taken: Routed to L1 (account access); on-call paged; handed off to L2 after 1 hour; not resolved within another 1 hour");
        toL3.ShouldContain("Unresolved 1 hour after the handoff to L2, the P1 escalate-after time");
        (await s.SubjectsToAsync(Dana)).Count(x => x == CustomerUpdate).ShouldBe(2, "the customer hears of the L2 and of the L3 handoff");
        (await s.SubjectsToAsync("lee@support.example")).ShouldNotContain(Handoff);

        await AcceptAsync(s, "kim");
        await s.AdvanceToAsync(start.AddHours(3));
        (await s.EmailsAsync()).Count(e => e.Subject == Handoff && !e.To.Contains("max@support.example")).ShouldBe(2, "L3 is the last tier");
        (await s.EmailsAsync()).ShouldNotContain(e => e.Body.Contains("did not accept the handoff", StringComparison.Ordinal), "both tiers accepted in time");
    }

    [Fact]
    public async Task Handoff_L2DoesNotAcceptInTheAcknowledgeTime_ManagementIsTold()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(Created("01J-NA-1", "account_access", start));
        await AcknowledgeAsync(s, "lee");
        await s.AdvanceToAsync(start.AddHours(1));
        (await HandoffBodiesAsync(s, "ann@support.example")).ShouldHaveSingleItem();

        await s.AdvanceToAsync(start.AddHours(1).AddMinutes(14));
        (await NotAcceptedNoticesAsync(s)).ShouldBeEmpty();

        await s.AdvanceToAsync(start.AddHours(1).AddMinutes(15));
        (await NotAcceptedNoticesAsync(s)).ShouldHaveSingleItem().ShouldContain("- L2 did not accept the handoff of the P1 ticket in time", customMessage: "L2 had the P1 acknowledge time, 15 minutes, to accept");
    }

    [Fact]
    public async Task Chain_L3DoesNotAcceptTheSecondHandoff_ManagementIsTold()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(Created("01J-CH-2", "search", start));
        await AcknowledgeAsync(s, "lee");
        await s.AdvanceToAsync(start.AddHours(1));
        await AcceptAsync(s, "ann");
        await s.AdvanceToAsync(start.AddHours(2));
        (await HandoffBodiesAsync(s, "kim@support.example")).ShouldHaveSingleItem();

        await s.AdvanceToAsync(start.AddHours(2).AddMinutes(14));
        (await NotAcceptedNoticesAsync(s)).ShouldBeEmpty();

        await s.AdvanceToAsync(start.AddHours(2).AddMinutes(15));
        (await NotAcceptedNoticesAsync(s)).ShouldHaveSingleItem().ShouldContain("- L3 did not accept the handoff of the P1 ticket from L2 in time", customMessage: "L3 had the P1 acknowledge time, 15 minutes, to accept");
    }

    [Fact]
    public async Task Chain_SolvedAfterTheL2Handoff_NoL3Handoff()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(Created("01J-CH-3", "navigation", start));
        await AcknowledgeAsync(s, "lee");
        await s.AdvanceToAsync(start.AddHours(1));
        await AcceptAsync(s, "ann");

        await s.AdvanceToAsync(start.AddMinutes(90));
        await s.ZendeskAsync(TicketPayloads.ZendeskChange("01J-CH-3s", "35436", "ticket.status_changed", "open", "solved", s.Now, priority: "urgent", status: "solved"));

        await s.AdvanceToAsync(start.AddHours(3));
        (await HandoffBodiesAsync(s, "ann@support.example")).Count.ShouldBe(1);
        (await HandoffBodiesAsync(s, "kim@support.example")).ShouldBeEmpty("the ticket was solved before the second escalate-after hour ran out");
    }

    private static async Task<ShippedScenario> StartAsync()
    {
        var s = await ShippedScenario.StartAsync("workflows/ticket-escalation.json");
        await s.PersonAsync("kim", new { name = "Kim (L3)", email = "kim@support.example", tier = "L3", roles = new[] { "support-agent" }, urgentChannels = new[] { "email" } });
        foreach (var (rotation, person) in new[] { ("l2-on-call", "ann"), ("l3-on-call", "kim") })
        {
            using var response = await s.Admin.PostJsonAsync("/api/rotations", new
            {
                id = rotation,
                timeZone = "UTC",
                layers = new[] { new { name = "base", members = new[] { person }, length = "weekly", start = "2026-11-01", handoffTime = "00:00" } },
            });
            await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        return s;
    }

    /// <summary>A P1 ticket.created delivery whose category tag is <paramref name="category"/> (underscores read as spaces).</summary>
    private static string Created(string eventId, string category, DateTimeOffset at)
    {
        var body = JsonNode.Parse(TicketPayloads.ZendeskCreated(eventId, "35436", "urgent", at))!;
        body["detail"]!["tags"] = new JsonArray("category:" + category);
        return body.ToJsonString();
    }

    private static async Task AcknowledgeAsync(ShippedScenario s, string by)
    {
        using var ack = await s.Admin.PostJsonAsync($"/api/escalations/{Uri.EscapeDataString(TicketKey)}/acknowledge", new { by });
        await ack.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
    }

    private static async Task AcceptAsync(ShippedScenario s, string by)
    {
        using var accept = await s.Admin.PostJsonAsync($"/api/handoffs/{Uri.EscapeDataString(TicketKey)}/accept", new { by });
        await accept.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
    }

    private static async Task<List<string>> HandoffBodiesAsync(ShippedScenario s, string address) =>
        [.. (await s.EmailsAsync()).Where(e => e.To.Contains(address) && e.Subject == Handoff).Select(e => e.Body)];

    private static async Task<List<string>> NotAcceptedNoticesAsync(ShippedScenario s) =>
        [.. (await s.EmailsAsync()).Where(e => e.To.Contains("max@support.example") && e.Body.Contains("did not accept the handoff", StringComparison.Ordinal)).Select(e => e.Body)];
}
