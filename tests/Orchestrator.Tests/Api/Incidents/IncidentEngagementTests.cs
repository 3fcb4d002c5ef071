using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Auth;
using Orchestrator.Notifications;
using Orchestrator.Tests.Notifications;

namespace Orchestrator.Tests.Api.Incidents;

public sealed class IncidentEngagementTests
{
    [Fact]
    public async Task Engagement_RunPagesTheTeamAndOneAcknowledges_ListsPagesWithSentTimesAndTheAcknowledgement()
    {
        await using var maildev = await MailDev.StartAsync();
        await using var host = await IncidentHost.StartAsync(maildev.SmtpPort);
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);
        await IncidentHost.DeclareAsync(commander, IncidentHost.Declaration());

        // The pages go out two minutes after the declaration; Tan (L3) acknowledges five minutes in with his own key.
        host.Api.Clock.SetUtcNow(IncidentHost.Start.AddMinutes(2));
        var outcomes = await host.Api.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(TestContext.Current.CancellationToken);
        outcomes.Values.ShouldAllBe(o => o == DispatchOutcome.Sent);
        host.Api.Clock.SetUtcNow(IncidentHost.Start.AddMinutes(5));
        using var tan = await ResponderClientAsync(host, "tan");
        using (var ack = await tan.PostAsync("/api/escalations/INC-1/acknowledge", null, TestContext.Current.CancellationToken))
        {
            await ack.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        using var viewer = await host.Api.ClientWithRolesAsync(Roles.Viewer);
        var engagement = await viewer.GetJsonAsync("/api/incidents/INC-1/engagement");

        var pages = engagement["paged"]!.AsArray().Where(p => p!["activityId"]!.GetValue<string>() == "assembleTeam").ToList();
        pages.Select(p => p!["personId"]!.GetValue<string>()).ShouldBe(["tan", "ida"], ignoreOrder: true);
        var tanPage = pages.Single(p => p!["personId"]!.GetValue<string>() == "tan")!;
        tanPage["personName"]!.GetValue<string>().ShouldBe("Tan Level3");
        tanPage["channel"]!.GetValue<string>().ShouldBe("email");
        tanPage["address"]!.GetValue<string>().ShouldBe("tan@clinic.example");
        Time(tanPage["queuedAt"]).ShouldBe(IncidentHost.Start);
        Time(tanPage["sentAt"]).ShouldBe(IncidentHost.Start.AddMinutes(2));
        tanPage["delivery"]!.GetValue<string>().ShouldBe("sent");
        Time(tanPage["acknowledgedAt"]).ShouldBe(IncidentHost.Start.AddMinutes(5));
        pages.Single(p => p!["personId"]!.GetValue<string>() == "ida")!["acknowledgedAt"].ShouldBeNull();
        engagement["paged"]!.AsArray().ShouldContain(p => p!["personId"]!.GetValue<string>() == "max" && p["activityId"]!.GetValue<string>() == "alertManagement");

        var acknowledgement = engagement["acknowledgements"]!.AsArray().ShouldHaveSingleItem()!;
        acknowledgement["by"]!.GetValue<string>().ShouldBe("tan");
        acknowledgement["personName"]!.GetValue<string>().ShouldBe("Tan Level3");
        Time(acknowledgement["at"]).ShouldBe(IncidentHost.Start.AddMinutes(5));
        acknowledgement["escalationKey"]!.GetValue<string>().ShouldBe("INC-1");
        acknowledgement["level"]!.GetValue<int>().ShouldBe(1);

        engagement["phase"]!.GetValue<string>().ShouldBe("immediate");
        engagement["commander"]!["name"]!.GetValue<string>().ShouldBe("Ida Commander");
        engagement["accounts"]!.AsArray().ShouldHaveSingleItem()!["id"]!.GetValue<string>().ShouldBe("acme");
        Time(engagement["statusUpdates"]!["nextDueAt"]).ShouldBe(IncidentHost.Start.AddHours(2));
        engagement["statusUpdates"]!["late"]!.GetValue<bool>().ShouldBeFalse();

        // The acknowledged escalation pages nobody further at its level's delay.
        await host.AtAsync(TimeSpan.FromMinutes(40));
        var later = await viewer.GetJsonAsync("/api/incidents/INC-1/engagement");
        later["paged"]!.AsArray().Count(p => p!["activityId"]!.GetValue<string>() == "assembleTeam").ShouldBe(2);
        later["phase"]!.GetValue<string>().ShouldBe("short-term");
    }

    [Fact]
    public async Task Engagement_StatusUpdates_MoveTheNextDueTimeAndTurnLateWhenMissed()
    {
        await using var host = await IncidentHost.StartAsync();
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);
        await IncidentHost.DeclareAsync(commander, IncidentHost.Declaration());

        await host.AtAsync(TimeSpan.FromMinutes(60));
        using (var update = await commander.PostJsonAsync("/api/incidents/INC-1/updates", new { text = "Failover started" }))
        {
            await update.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        var engagement = await commander.GetJsonAsync("/api/incidents/INC-1/engagement");
        var updates = engagement["statusUpdates"]!;
        updates["every"]!.GetValue<string>().ShouldBe("02:00:00");
        Time(updates["lastAt"]).ShouldBe(IncidentHost.Start.AddHours(1));
        Time(updates["nextDueAt"]).ShouldBe(IncidentHost.Start.AddHours(3));
        updates["history"]!.AsArray().ShouldHaveSingleItem()!["text"]!.GetValue<string>().ShouldBe("Failover started");

        await host.AtAsync(TimeSpan.FromMinutes(181));
        var late = await commander.GetJsonAsync("/api/incidents/INC-1");
        late["updateLate"]!.GetValue<bool>().ShouldBeTrue();
        late["phase"]!.GetValue<string>().ShouldBe("recovery");
        (await commander.GetJsonAsync("/api/incidents")).AsArray().ShouldHaveSingleItem()!["updateLate"]!.GetValue<bool>().ShouldBeTrue();

        using (var resolve = await commander.PostJsonAsync("/api/incidents/INC-1/resolve", new { text = "Restored" }))
        {
            await resolve.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        var resolved = await commander.GetJsonAsync("/api/incidents/INC-1/engagement");
        resolved["statusUpdates"]!["nextDueAt"].ShouldBeNull();
        resolved["statusUpdates"]!["late"]!.GetValue<bool>().ShouldBeFalse();
        resolved["phase"]!.GetValue<string>().ShouldBe("recovery");
    }

    [Fact]
    public async Task Engagement_UnknownIncident_Returns404()
    {
        await using var host = await IncidentHost.StartAsync();

        using var response = await host.Admin.GetPathAsync("/api/incidents/INC-404/engagement");

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldContain("INC-404");
    }

    /// <summary>A responder's own key (named person:&lt;id&gt;), which acknowledges for that person only.</summary>
    private static async Task<HttpClient> ResponderClientAsync(IncidentHost host, string personId)
    {
        using var response = await host.Admin.PostAsJsonAsync("/api/api-keys", new { name = $"person:{personId}", roles = new[] { Roles.Viewer } }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        return host.Api.Client(created!["key"]!.GetValue<string>());
    }

    private static DateTimeOffset Time(JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
