using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Webhooks;

namespace Orchestrator.Tests.Scenarios;

/// <summary>
/// A P1 outage or security ticket declares its incident by itself: signed Zendesk webhooks over HTTP, the shipped
/// ticket-escalation, emergency-response and security-incident workflows, a real SQLite database.
/// </summary>
public sealed class TicketIncidentScenarioTests
{
    private static async Task<ShippedScenario> StartAsync()
    {
        var s = await ShippedScenario.StartAsync("workflows/ticket-escalation.json");
        foreach (var file in new[] { "workflows/emergency-response.json", "workflows/security-incident.json" })
        {
            using var saved = await s.Admin.PostRawAsync("/api/workflow-definitions?publish=true", await File.ReadAllTextAsync(ShippedScenario.ShippedFile(file), TestContext.Current.CancellationToken));
            await saved.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        await s.PersonAsync("ida", new { name = "Ida (incident commander)", email = "ida@support.example", roles = new[] { "incident-commander" } });
        return s;
    }

    /// <summary>A Zendesk ticket.created with the category given as a tag.</summary>
    private static string Created(string eventId, string ticketId, string priority, string category, DateTimeOffset at)
    {
        var body = JsonNode.Parse(TicketPayloads.ZendeskCreated(eventId, ticketId, priority, at))!.AsObject();
        body["detail"]!["tags"] = new JsonArray($"category:{category}");
        body["detail"]!["subject"] = "Provider portal down";
        return body.ToJsonString();
    }

    private static async Task<JsonArray> IncidentsAsync(ShippedScenario s) => (await s.Admin.GetJsonAsync("/api/incidents")).AsArray();

    [Fact]
    public async Task P1OutageTicket_DeliveredTwiceThenUpdated_DeclaresOneIncidentLinkedToTheTicket()
    {
        await using var s = await StartAsync();
        var body = Created("01J-OUT-1", "40001", "urgent", "outage", s.Now);

        (await s.ZendeskAsync(body)).ShouldBe("accepted");
        (await s.ZendeskAsync(body)).ShouldBe("duplicate");
        await s.AdvanceToAsync(s.Now.AddMinutes(5));
        await s.ZendeskAsync(TicketPayloads.ZendeskChange("01J-OUT-1b", "40001", "ticket.priority_changed", "high", "urgent", s.Now, priority: "urgent"));

        var incident = (await IncidentsAsync(s)).ShouldHaveSingleItem()!;
        incident["id"]!.GetValue<string>().ShouldBe("ticket-zendesk-40001");
        incident["ticketIds"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["zendesk:40001"]);
        incident["accountIds"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["acme-health"]);
        incident["severity"]!.GetValue<string>().ShouldBe("SEV1");
        incident["kind"]!.GetValue<string>().ShouldBe("operational");
        incident["commanderId"]!.GetValue<string>().ShouldBe("ida");
        incident["declaredBy"]!.GetValue<string>().ShouldBe("ticket-rule");
        incident["workflowDefinitionId"]!.GetValue<string>().ShouldBe("emergency-response");
        (await s.InstancesAsync("emergency-response")).ShouldHaveSingleItem()!["correlationId"]!.GetValue<string>().ShouldBe("ticket-zendesk-40001");
        (await s.InstancesAsync("ticket-escalation")).Count.ShouldBe(1, "the ticket's own escalation runs as well");
    }

    [Fact]
    public async Task P1SecurityTicket_DeclaresASecurityIncident()
    {
        await using var s = await StartAsync();

        await s.ZendeskAsync(Created("01J-SEC-1", "40002", "urgent", "security", s.Now));

        var incident = (await IncidentsAsync(s)).ShouldHaveSingleItem()!;
        incident["kind"]!.GetValue<string>().ShouldBe("security");
        incident["workflowDefinitionId"]!.GetValue<string>().ShouldBe("security-incident");
        (await s.InstancesAsync("security-incident")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task P2OutageTicket_DeclaresNothingUntilRaisedToP1()
    {
        await using var s = await StartAsync();

        await s.ZendeskAsync(Created("01J-OUT-2", "40003", "high", "outage", s.Now));
        (await IncidentsAsync(s)).ShouldBeEmpty("a P2 outage is handled as a ticket");

        var raised = JsonNode.Parse(TicketPayloads.ZendeskChange("01J-OUT-2b", "40003", "ticket.priority_changed", "high", "urgent", s.Now, priority: "urgent"))!.AsObject();
        raised["detail"]!["tags"] = new JsonArray("category:outage");
        await s.ZendeskAsync(raised.ToJsonString());

        (await IncidentsAsync(s)).ShouldHaveSingleItem()!["ticketIds"]![0]!.GetValue<string>().ShouldBe("zendesk:40003");
    }

    [Fact]
    public async Task P1AccountAccessTicket_DeclaresNothing()
    {
        await using var s = await StartAsync();

        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-ACC-1", "40004", "urgent", s.Now));

        (await IncidentsAsync(s)).ShouldBeEmpty();
    }
}
