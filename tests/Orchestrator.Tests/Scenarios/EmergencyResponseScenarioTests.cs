using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Auth;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Api.Incidents;

namespace Orchestrator.Tests.Scenarios;

/// <summary>
/// An incident commander's emergency-response run, through the HTTP API with the repository's shipped workflow, a
/// real SQLite database and a fake clock: status updates are due every 2 h for a SEV1.
/// </summary>
public sealed class EmergencyResponseScenarioTests
{
    private static bool IsReminderTo(string personId, (string ActivityId, string? PersonId, string? Template, DateTimeOffset At) message) =>
        message.ActivityId == "statusUpdates" && message.PersonId == personId && message.Template == "status-update";

    [Fact]
    public async Task EmergencyRun_Declared_ScopeAndStatusPageTasksDueWithinFifteenMinutesAndTheSupportTeamTold()
    {
        await using var host = await IncidentHost.StartAsync();
        await host.PersonAsync("ann", "Ann Level2", ["support-agent"], tier: "L2");
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);

        await IncidentHost.DeclareAsync(commander, IncidentHost.Declaration());

        var tasks = await TasksAsync(host);
        foreach (var title in new[] { "Confirm the scope of the incident", "Update the status page" })
        {
            var task = tasks.Single(t => Text(t, "title") == title);
            Text(task, "ownerPersonId").ShouldBe("ida");
            Text(task, "phase").ShouldBe("Immediate (0-15 min)");
            DueAt(task).ShouldBe(IncidentHost.Start.AddMinutes(15));
        }

        tasks.ShouldNotContain(t => Text(t, "phase") == "Short-term (15 min-2 h)", "investigation and mitigation follow the scope");
        var sent = await host.OutboxAsync();
        sent.Where(m => m.ActivityId == "notifySupport").Select(m => m.PersonId).ShouldBe(["lee", "ann"], ignoreOrder: true);
        sent.Where(m => m.ActivityId == "notifySupport").ShouldAllBe(m => m.Template == "status-update" && m.At == IncidentHost.Start);
        await host.RunShouldBeWaitingAsync();
    }

    [Fact]
    public async Task EmergencyRun_ScopeConfirmed_OpensInvestigationAndMitigationTogetherDueTwoHoursAfterTheDeclaration()
    {
        await using var host = await IncidentHost.StartAsync();
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);
        await IncidentHost.DeclareAsync(commander, IncidentHost.Declaration());

        await host.AtAsync(TimeSpan.FromMinutes(12));
        await CompleteAsync(host, "Confirm the scope of the incident", "portal and API down for every clinic");

        var shortTerm = (await TasksAsync(host)).Where(t => Text(t, "phase") == "Short-term (15 min-2 h)").ToDictionary(t => Text(t, "title"));
        shortTerm.Keys.ShouldBe(["Investigate the root cause", "Mitigate: restore critical services"], ignoreOrder: true);
        shortTerm.Values.ShouldAllBe(t => Text(t, "ownerPersonId") == "ida");
        shortTerm.Values.Select(DueAt).ShouldAllBe(due => due == IncidentHost.Start.AddHours(2), "the short-term phase ends 2 h after the declaration, not after the scope");
        shortTerm.Values.ShouldAllBe(t => t["createdAt"]!.GetValue<DateTimeOffset>() == IncidentHost.Start.AddMinutes(12));
        await host.RunShouldBeWaitingAsync();
    }

    [Fact]
    public async Task EmergencyRun_UpdateForTheStatusPage_IsPublishedToTheStatusPageAndAPlainUpdateIsNot()
    {
        await using var host = await IncidentHost.StartAsync();
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);
        var incident = await IncidentHost.DeclareAsync(commander, IncidentHost.Declaration());
        var journalUrl = $"/api/workflow-instances/{Text(incident, "instanceId")}/journal";
        await host.AtAsync(TimeSpan.FromMinutes(10));
        await CompleteAsync(host, "Update the status page", "incident posted");

        using (var plain = await commander.PostJsonAsync("/api/incidents/INC-1/updates", new { text = "Investigating the database cluster" }))
        {
            await plain.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        (await host.Admin.GetJsonAsync(journalUrl)).AsArray().ShouldNotContain(e => Text(e!, "activityId") == "publishStatusPage");

        await host.AtAsync(TimeSpan.FromMinutes(40));
        using (var forPage = await commander.PostJsonAsync("/api/incidents/INC-1/updates", new { text = "Failover in progress; bookings delayed", statusPage = true }))
        {
            await forPage.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        var published = (await host.Admin.GetJsonAsync(journalUrl)).AsArray().Where(e => Text(e!, "activityId") == "publishStatusPage" && Text(e!, "event") == "Completed").ToList();
        published.ShouldHaveSingleItem()!["timestamp"]!.GetValue<DateTimeOffset>().ShouldBe(IncidentHost.Start.AddMinutes(40));
        (await TasksAsync(host)).Single(t => Text(t, "title") == "Update the status page")["status"]!.GetValue<string>().ShouldBe("completed");
        (await host.OutboxAsync()).Count(m => m.ActivityId == "publishUpdate" && m.PersonId == "sue").ShouldBe(2);
        await host.RunShouldBeWaitingAsync();
    }

    [Fact]
    public async Task EmergencyRun_UpdateLate_RemindsTheCommanderThenEscalatesToManagement()
    {
        await using var host = await IncidentHost.StartAsync();
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);
        await IncidentHost.DeclareAsync(commander, IncidentHost.Declaration());

        await host.AtAsync(TimeSpan.FromMinutes(119));
        (await host.OutboxAsync()).ShouldNotContain(m => IsReminderTo("ida", m));

        await host.AtAsync(TimeSpan.FromMinutes(121));
        await host.RunShouldBeWaitingAsync();
        var reminder = (await host.OutboxAsync()).Where(m => IsReminderTo("ida", m)).ShouldHaveSingleItem();
        reminder.At.ShouldBe(IncidentHost.Start.AddMinutes(121));
        (await host.OutboxAsync()).ShouldNotContain(m => m.ActivityId == "escalateLateUpdate");

        await host.AtAsync(TimeSpan.FromMinutes(151));
        (await host.OutboxAsync()).Where(m => m.ActivityId == "escalateLateUpdate").Select(m => m.PersonId).ShouldBe(["max"]);
        var incident = await host.Admin.GetJsonAsync("/api/incidents/INC-1");
        incident["notifications"]!.AsArray().ShouldContain(n => n!["activityId"]!.GetValue<string>() == "statusUpdates" && n["personId"]!.GetValue<string>() == "ida");
    }

    [Fact]
    public async Task EmergencyRun_TimelyUpdate_PreventsTheReminder()
    {
        await using var host = await IncidentHost.StartAsync();
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);
        await IncidentHost.DeclareAsync(commander, IncidentHost.Declaration());

        await host.AtAsync(TimeSpan.FromMinutes(90));
        using var update = await commander.PostJsonAsync("/api/incidents/INC-1/updates", new { text = "Mitigation deployed; monitoring" });
        await update.ShouldHaveStatusAsync(HttpStatusCode.Accepted);

        // The next update is due 2 h after this one, at 3 h 30 min.
        await host.AtAsync(TimeSpan.FromMinutes(209));
        var sent = await host.OutboxAsync();
        sent.ShouldNotContain(m => IsReminderTo("ida", m));
        sent.ShouldNotContain(m => m.ActivityId == "escalateLateUpdate");
        sent.ShouldContain(m => m.ActivityId == "publishUpdate" && m.PersonId == "sue");

        await host.RunShouldBeWaitingAsync();
        await host.AtAsync(TimeSpan.FromMinutes(211));
        (await host.OutboxAsync()).Where(m => IsReminderTo("ida", m)).ShouldHaveSingleItem().At.ShouldBe(IncidentHost.Start.AddMinutes(211));
    }

    [Fact]
    public async Task EmergencyRun_Resolved_SchedulesRecoveryAndThePostIncidentReviewWithOwnerAndDueDate()
    {
        await using var host = await IncidentHost.StartAsync();
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);
        await IncidentHost.DeclareAsync(commander, IncidentHost.Declaration());
        await host.AtAsync(TimeSpan.FromMinutes(150));
        using var resolved = await commander.PostJsonAsync("/api/incidents/INC-1/resolve", new { text = "Service restored" });
        await resolved.ShouldHaveStatusAsync(HttpStatusCode.Accepted);

        await host.RunShouldBeWaitingAsync();
        foreach (var title in new[] { "Complete the service restoration", "Verify the recovery" })
        {
            var task = (await host.Admin.GetJsonAsync("/api/tasks")).AsArray().Single(t => t!["title"]!.GetValue<string>() == title)!;
            using var done = await host.Admin.PostJsonAsync($"/api/tasks/{task["id"]!.GetValue<string>()}/complete", new { comment = "done" });
            await done.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        await host.RunShouldBeWaitingAsync();
        var review = (await host.Admin.GetJsonAsync("/api/tasks")).AsArray().Single(t => t!["title"]!.GetValue<string>() == "Post-incident review")!;
        review["ownerPersonId"]!.GetValue<string>().ShouldBe("ida");
        review["dueAt"].ShouldNotBeNull();
        DateTimeOffset.Parse(review["dueAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(IncidentHost.Start.AddDays(4), IncidentHost.Start.AddDays(8));
        (await host.OutboxAsync()).Where(m => m.ActivityId == "announceResolution").Select(m => m.PersonId).ShouldContain("sue");
    }

    [Fact]
    public async Task SecurityRun_ContainedAndAssessed_AsksForTheAuthorityNotificationAndTellsManagementWhenDone()
    {
        await using var host = await IncidentHost.StartAsync();
        await host.PersonAsync("sam", "Sam Security", ["security"], tier: null);
        await IncidentHost.DeclareAsync(host.Admin, IncidentHost.Declaration(kind: "security"));
        (await host.OutboxAsync()).Where(m => m.ActivityId == "alertSecurity").Select(m => m.PersonId).ShouldBe(["sam"]);

        await CompleteAsync(host, "Contain the incident", "systems isolated");
        await CompleteAsync(host, "Assess the scope of the breach", "1,200 patient records exposed");
        var authority = (await host.Admin.GetJsonAsync("/api/tasks")).AsArray().Single(t => t!["title"]!.GetValue<string>() == "Notify the authorities")!;
        DateTimeOffset.Parse(authority["dueAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(IncidentHost.Start.AddHours(72));
        await CompleteAsync(host, "Notify the authorities", "PDPC ref 2026-118");

        (await host.OutboxAsync()).Where(m => m.ActivityId == "authoritiesNotified").Select(m => m.PersonId).ShouldBe(["max", "sam"], ignoreOrder: true);
        await host.RunShouldBeWaitingAsync();
    }

    private static string Text(JsonNode node, string key) => node[key]!.GetValue<string>();

    private static DateTimeOffset DueAt(JsonNode task) => task["dueAt"]!.GetValue<DateTimeOffset>();

    private static async Task<List<JsonNode>> TasksAsync(IncidentHost host) =>
        [.. (await host.Admin.GetJsonAsync("/api/tasks")).AsArray().Select(t => t!)];

    private static async Task CompleteAsync(IncidentHost host, string title, string comment)
    {
        var task = (await host.Admin.GetJsonAsync("/api/tasks")).AsArray().Single(t => t!["title"]!.GetValue<string>() == title)!;
        using var done = await host.Admin.PostJsonAsync($"/api/tasks/{task["id"]!.GetValue<string>()}/complete", new { comment });
        await done.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
    }
}
