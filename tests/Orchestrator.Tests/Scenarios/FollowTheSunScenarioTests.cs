using System.Net;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Webhooks;

namespace Orchestrator.Tests.Scenarios;

/// <summary>workflows/follow-the-sun.json end to end: a P1 ticket moves between the regional hubs at their shift ends.</summary>
public sealed class FollowTheSunScenarioTests
{
    private const string Omar = "omar@support.example";
    private const string Eva = "eva@support.example";

    [Fact]
    public async Task P1Ticket_ApacShiftEnds_HandedToMeaThenEuropeUntilSolved()
    {
        await using var s = await ShippedScenario.StartAsync("workflows/follow-the-sun.json");
        await OnCallAsync(s, "mea-on-call", "omar", Omar);
        await OnCallAsync(s, "europe-on-call", "eva", Eva);
        var start = s.Now; // Monday 09:00 UTC: the APAC hub (08:00-18:00 Singapore) closes at 10:00 UTC
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-SUN-1", "35436", "urgent", start));

        await s.AdvanceToAsync(start.AddMinutes(59));
        (await s.SubjectsToAsync(Omar)).ShouldBeEmpty();

        await s.AdvanceToAsync(start.AddHours(1));
        (await s.SubjectsToAsync(Omar)).ShouldBe(["Follow-the-sun handoff to MEA: ticket #zendesk:35436"], "Dubai is open at 10:00 UTC and listed before Europe");
        using (var accept = await s.Admin.PostJsonAsync("/api/handoffs/zendesk%3A35436/accept", new { by = "omar" }))
        {
            await accept.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        await s.AdvanceToAsync(start.AddHours(5)); // 14:00 UTC = 18:00 in Dubai
        (await s.SubjectsToAsync(Eva)).ShouldBe(["Follow-the-sun handoff to Europe: ticket #zendesk:35436"]);
        using (var accept = await s.Admin.PostJsonAsync("/api/handoffs/zendesk%3A35436/accept", new { by = "eva" }))
        {
            await accept.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        await s.ZendeskAsync(TicketPayloads.ZendeskChange("01J-SUN-2", "35436", "ticket.status_changed", "open", "solved", s.Now, priority: "urgent", status: "solved"));
        await s.AdvanceToAsync(start.AddHours(10)); // Europe's shift ends: the ticket is solved, nobody else is asked
        (await s.EmailsAsync()).Count(e => e.Subject.StartsWith("Follow-the-sun", StringComparison.Ordinal)).ShouldBe(2);
        (await s.InstancesAsync("follow-the-sun")).ShouldHaveSingleItem()!["subStatus"]!.GetValue<string>().ShouldBe("Finished");
    }

    [Fact]
    public async Task P3Ticket_BusinessHoursOnly_NoFollowTheSun()
    {
        await using var s = await ShippedScenario.StartAsync("workflows/follow-the-sun.json");
        await s.ZendeskAsync(TicketPayloads.ZendeskCreated("01J-SUN-3", "35437", "normal", s.Now));

        (await s.InstancesAsync("follow-the-sun")).ShouldHaveSingleItem()!["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        await s.AdvanceToAsync(s.Now.AddDays(1));
        (await s.EmailsAsync()).ShouldBeEmpty();
    }

    private static async Task OnCallAsync(ShippedScenario s, string rotation, string personId, string email)
    {
        await s.PersonAsync(personId, new { name = personId, email });
        using var response = await s.Admin.PostJsonAsync("/api/rotations", new
        {
            id = rotation,
            timeZone = "UTC",
            layers = new[] { new { name = "base", members = new[] { personId }, length = "weekly", start = "2026-11-01", handoffTime = "00:00" } },
        });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }
}
