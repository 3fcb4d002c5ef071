using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Webhooks;

namespace Orchestrator.Tests.Scenarios;

/// <summary>
/// workflows/ticket-escalation.json end to end over HTTP: each support tier's response target, and an escalation that
/// pages every level without acknowledgement raising an incident on the run.
/// </summary>
public sealed class TicketTierScenarioTests
{
    private const string Max = "max@support.example";
    private const string TicketKey = "zendesk:35436";

    private static Task<ShippedScenario> StartAsync() => ShippedScenario.StartAsync("workflows/ticket-escalation.json");

    [Fact]
    public async Task P1Ticket_L1SilentThenHandedToL2_EachTierIsTimedOnItsOwnResponseTarget()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-TR-1", "35436", "urgent", start));
        using (var ack = await s.Admin.PostJsonAsync($"/api/escalations/{Uri.EscapeDataString(TicketKey)}/acknowledge", new { by = "lee" }))
        {
            await ack.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        await s.AdvanceToAsync(start.AddMinutes(59));
        var first = (await TierCyclesAsync(s)).ShouldHaveSingleItem();
        first["tier"]!.GetValue<string>().ShouldBe("L1", "account access routes to L1");
        first["targetMinutes"]!.GetValue<double>().ShouldBe(60, "Tier 1 answers a P1 within 1 h");
        first["status"]!.GetValue<string>().ShouldBe("running");

        await s.AdvanceToAsync(start.AddHours(1));
        await s.AdvanceToAsync(start.AddHours(1).AddMinutes(20));
        (await s.ZendeskAsync(TicketPayloads.ZendeskComment("01J-TR-1a", "35436", s.Now, isPublic: true, byStaff: true))).ShouldBe("accepted");

        var cycles = await TierCyclesAsync(s);
        cycles.Select(c => (c["activityId"]!.GetValue<string>(), c["tier"]!.GetValue<string>(), c["targetMinutes"]!.GetValue<double>(), c["status"]!.GetValue<string>()))
            .ShouldBe([("tier-response-sla", "L1", 60d, "breached"), ("tier-response-sla-next-tier", "L2", 30d, "met")]);
        Instant(cycles[0]["breachedAt"]).ShouldBe(start.AddHours(1));
        cycles[0]["breachReason"]!.GetValue<string>().ShouldStartWith("no response from L1 within 1 h business time (P1, calendar '24x7')");
        Instant(cycles[1]["startedAt"]).ShouldBe(start.AddHours(1), "the L2 timer starts when the ticket is handed to L2");
        Instant(cycles[1]["metAt"]).ShouldBe(start.AddHours(1).AddMinutes(20), "L2's public reply 20 minutes after the handoff meets its 30 minute target");

        var dashboard = await s.Admin.GetJsonAsync("/api/dashboard");
        dashboard["sla"]!["recentBreaches"]!.AsArray().ShouldContain(b => b!["metric"]!.GetValue<string>() == "tier-response" && b["tier"]!.GetValue<string>() == "L1");
    }

    [Fact]
    public async Task P1Ticket_NobodyAcknowledgesAnyLevel_TheRunHasAnOpenIncidentAndManagementIsStillTold()
    {
        await using var s = await StartAsync();
        var start = s.Now;
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-EX-1", "35436", "urgent", start));
        var id = (await s.InstancesAsync("ticket-escalation")).ShouldHaveSingleItem()!["id"]!.GetValue<string>();

        await s.AdvanceToAsync(start.AddMinutes(15)); // L1's 15 minutes run out: L2 is paged
        await s.AdvanceToAsync(start.AddMinutes(29));
        (await s.Admin.GetJsonAsync($"/api/workflow-instances/{id}"))["incidents"]!.AsArray().ShouldBeEmpty();

        await s.AdvanceToAsync(start.AddMinutes(30));
        (await s.SubjectsToAsync(Max)).ShouldHaveSingleItem().ShouldStartWith("Escalation - ", customMessage: "the Exhausted port still tells management");
        var instance = await s.Admin.GetJsonAsync($"/api/workflow-instances/{id}");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Suspended", "the run goes on: SLA timers and the handoff still wait");
        var incident = instance["incidents"]!.AsArray().ShouldHaveSingleItem()!;
        incident["activityId"]!.GetValue<string>().ShouldBe("page-on-call");
        incident["isFault"]!.GetValue<bool>().ShouldBeFalse();
        incident["resolved"]!.GetValue<bool>().ShouldBeFalse();
        Instant(incident["timestamp"]).ShouldBe(start.AddMinutes(30));
        incident["message"]!.GetValue<string>().ShouldBe(
            $"escalation '{TicketKey}' exhausted: policy 'inline/ticket-escalation/page-on-call' paged all 2 level(s) 1 time(s) (2 page(s)) without acknowledgement, correlation '{TicketKey}'");
        var incidentId = incident["id"]!.GetValue<string>();
        (await OpenIncidentsAsync(s)).ShouldBe([(id, "page-on-call")], "the incident is stored with the burst");

        using (var resolve = await s.Admin.PostJsonAsync($"/api/workflow-instances/{id}/incidents/{incidentId}/resolve", null))
        {
            await resolve.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        (await s.Admin.GetJsonAsync($"/api/workflow-instances/{id}"))["incidents"]![0]!["resolved"]!.GetValue<bool>().ShouldBeTrue();
        (await OpenIncidentsAsync(s)).ShouldBeEmpty();
        using (var again = await s.Admin.PostJsonAsync($"/api/workflow-instances/{id}/incidents/{incidentId}/resolve", null))
        {
            (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("already resolved");
        }

        using var unknown = await s.Admin.PostJsonAsync($"/api/workflow-instances/{id}/incidents/nope/resolve", null);
        (await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldContain("no incident 'nope'");
    }

    private static async Task<List<JsonNode>> TierCyclesAsync(ShippedScenario s)
    {
        var id = (await s.InstancesAsync("ticket-escalation"))[0]!["id"]!.GetValue<string>();
        var cycles = (await s.Admin.GetJsonAsync($"/api/workflow-instances/{id}/sla")).AsArray();
        return [.. cycles.Where(c => c!["metric"]!.GetValue<string>() == "tier-response").Select(c => c!)];
    }

    private static async Task<List<(string, string)>> OpenIncidentsAsync(ShippedScenario s) =>
        [.. (await s.Admin.GetJsonAsync("/api/dashboard"))["openIncidents"]!.AsArray().Select(i => (i!["instanceId"]!.GetValue<string>(), i["activityId"]!.GetValue<string>()))];

    private static DateTimeOffset Instant(JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
