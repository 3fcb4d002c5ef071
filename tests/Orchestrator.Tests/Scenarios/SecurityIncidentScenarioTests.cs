using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Auth;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Api.Incidents;

namespace Orchestrator.Tests.Scenarios;

/// <summary>
/// A security incident's run through the HTTP API with the repository's shipped <c>security-incident</c> workflow, a real
/// SQLite database and a fake clock: the scope assessment decides whether the authorities are told, and users are told
/// once the recovery is verified.
/// </summary>
public sealed class SecurityIncidentScenarioTests
{
    [Fact]
    public async Task SecurityRun_AssessmentSaysNoAuthority_SkipsTheAuthorityTaskAndTellsManagementAndSecurity()
    {
        await using var host = await IncidentHost.StartAsync();
        await host.PersonAsync("sam", "Sam Security", ["security"], tier: null);
        await IncidentHost.DeclareAsync(host.Admin, IncidentHost.Declaration(kind: "security"));

        await CompleteAsync(host, "Contain the incident", "laptop wiped remotely");
        await CompleteAsync(host, "Assess the scope of the breach", "Disk was encrypted: no authority notification needed");

        await host.RunShouldBeWaitingAsync();
        (await TitlesAsync(host)).ShouldNotContain("Notify the authorities");
        var sent = await host.OutboxAsync();
        sent.ShouldNotContain(m => m.ActivityId == "authoritiesNotified");
        var told = sent.Where(m => m.ActivityId == "noAuthorityNotification").ToList();
        told.Select(m => m.PersonId).ShouldBe(["max", "sam"], ignoreOrder: true);
        told.ShouldAllBe(m => m.Template == "status-update");
    }

    [Fact]
    public async Task SecurityRun_AssessmentNamesNoExemption_StillAsksForTheAuthorityNotification()
    {
        await using var host = await IncidentHost.StartAsync();
        await IncidentHost.DeclareAsync(host.Admin, IncidentHost.Declaration(kind: "security"));

        await CompleteAsync(host, "Contain the incident", "systems isolated");
        await CompleteAsync(host, "Assess the scope of the breach", "authority must be told: 300 records");

        (await TitlesAsync(host)).ShouldContain("Notify the authorities");
        (await host.OutboxAsync()).ShouldNotContain(m => m.ActivityId == "noAuthorityNotification");
    }

    [Fact]
    public async Task SecurityRun_RecoveryVerified_CommanderToldToInformTheAffectedUsersBeforeTheReview()
    {
        await using var host = await IncidentHost.StartAsync();
        using var commander = await host.Api.ClientWithRolesAsync(Roles.IncidentCommander);
        await IncidentHost.DeclareAsync(commander, IncidentHost.Declaration(kind: "security"));
        await host.AtAsync(TimeSpan.FromMinutes(150));
        using var resolved = await commander.PostJsonAsync("/api/incidents/INC-1/resolve", new { text = "Access revoked, systems restored" });
        await resolved.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        await CompleteAsync(host, "Complete the service restoration", "done");

        (await TitlesAsync(host)).ShouldNotContain("Communicate with affected users", "users are told once the recovery is verified");
        await CompleteAsync(host, "Verify the recovery", "data integrity checked");

        var inform = (await TasksAsync(host)).Single(t => t["title"]!.GetValue<string>() == "Communicate with affected users");
        inform["ownerPersonId"]!.GetValue<string>().ShouldBe("ida");
        inform["phase"]!.GetValue<string>().ShouldBe("Recovery (2 h+)");
        inform["dueAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(IncidentHost.Start.AddMinutes(150));
        (await TitlesAsync(host)).ShouldNotContain("Post-incident review", "the review follows the users' notice");

        await CompleteAsync(host, "Communicate with affected users", "emailed 1,200 patients with identity-protection resources");

        (await TitlesAsync(host)).ShouldContain("Post-incident review");
        await host.RunShouldBeWaitingAsync();
    }

    private static async Task<List<JsonNode>> TasksAsync(IncidentHost host) =>
        [.. (await host.Admin.GetJsonAsync("/api/tasks")).AsArray().Select(t => t!)];

    private static async Task<List<string>> TitlesAsync(IncidentHost host) =>
        [.. (await TasksAsync(host)).Select(t => t["title"]!.GetValue<string>())];

    private static async Task CompleteAsync(IncidentHost host, string title, string comment)
    {
        var task = (await TasksAsync(host)).Single(t => t["title"]!.GetValue<string>() == title);
        using var done = await host.Admin.PostJsonAsync($"/api/tasks/{task["id"]!.GetValue<string>()}/complete", new { comment });
        await done.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
    }
}
