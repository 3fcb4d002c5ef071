using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Auth;
using Orchestrator.Tests.Scenarios;

namespace Orchestrator.Tests.Api.Accounts;

/// <summary>
/// <c>GET /api/accounts/{id}/progress</c> on a real SQLite host running the shipped onboarding playbook on a fake clock:
/// phases in the playbook's order, tasks with their statuses, gates, planned phases and the share done.
/// </summary>
public sealed class AccountProgressTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Kickoff = PlaybookHost.Kickoff;

    private PlaybookHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await PlaybookHost.StartAsync();
        await _host.CreateAccountAsync("mercy", "Enterprise", contractStart: "2026-10-01");
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static string Text(JsonNode? node, string key) => node![key]!.GetValue<string>();

    private Task<JsonNode> ProgressAsync() => _host.Admin.GetJsonAsync("/api/accounts/mercy/progress");

    private async Task CompleteAsync(JsonObject task)
    {
        using var response = await _host.Admin.PostJsonAsync($"/api/tasks/{Text(task, "id")}/complete", new { comment = "done" });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
    }

    private static JsonObject PhaseNamed(JsonNode run, string name) =>
        run["phases"]!.AsArray().Single(p => Text(p, "name") == name)!.AsObject();

    [Fact]
    public async Task Progress_OnboardingTwoTasksDoneKickoffOverdue_PhasesInPlaybookOrderWithStatusesAndPercent()
    {
        await _host.StartPlaybookAsync("mercy", "onboarding-90-day", new { kickoffDate = Kickoff }, HttpStatusCode.Accepted);
        var tasks = await _host.TasksAsync("mercy");
        await CompleteAsync(tasks.Single(t => Text(t, "title") == "Technical setup and integration"));
        await CompleteAsync(tasks.Single(t => Text(t, "title") == "Admin training (16 h)"));
        await _host.AdvanceToAsync(Kickoff.AddDays(8));

        var progress = await ProgressAsync();

        Text(progress, "accountId").ShouldBe("mercy");
        progress["asOf"]!.GetValue<DateTimeOffset>().ShouldBe(Kickoff.AddDays(8));
        progress["playbooks"]!.AsArray().Select(p => $"{Text(p, "id")}:{Text(p, "countsFrom")}")
            .ShouldBe(["onboarding-90-day:kickoffDate", "qbr-cadence:contractStart", "success-review:contractStart"], ignoreOrder: true);
        var run = progress["runs"]!.AsArray().ShouldHaveSingleItem()!;
        Text(run, "playbook").ShouldBe("onboarding-90-day");
        Text(run, "playbookName").ShouldBe("90-day onboarding");
        Text(run, "status").ShouldBe("Running");
        run["phases"]!.AsArray().Select(p => $"{Text(p, "name")}:{Text(p, "status")}")
            .ShouldBe(["Foundation:active", "Adoption:planned", "Full deployment:planned", "Check-in:active"]);

        var foundation = PhaseNamed(run, "Foundation");
        var byTitle = foundation["tasks"]!.AsArray().ToDictionary(t => Text(t, "title"), t => t!.AsObject());
        byTitle.Count.ShouldBe(5);
        Text(byTitle["Kickoff call and success plan"], "status").ShouldBe("overdue");
        Text(byTitle["Kickoff call and success plan"], "ownerPersonId").ShouldBe("alice");
        Text(byTitle["Kickoff call and success plan"], "ownerName").ShouldBe("Alice CSM");
        Text(byTitle["Technical setup and integration"], "status").ShouldBe("completed");
        byTitle["Technical setup and integration"]["completedAt"]!.GetValue<DateTimeOffset>().ShouldBe(Kickoff);
        Text(byTitle["Certification start"], "status").ShouldBe("open");
        Text(byTitle["Certification start"], "ownerRole").ShouldBe("customer-admin");
        foundation["tasks"]!.AsArray().Select(t => t!["dueAt"]!.GetValue<DateTimeOffset>()).ShouldBeInOrder();
        foundation["start"]!.GetValue<DateTimeOffset>().ShouldBe(Kickoff, "the phase opens when its tasks are assigned");
        foundation["end"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero), "the last due date: certification, business day 20");
        Text(foundation["gate"], "milestone").ShouldBe("foundation");
        foundation["gate"]!["met"]!.GetValue<bool>().ShouldBeFalse();

        var adoption = PhaseNamed(run, "Adoption");
        adoption["tasks"]!.AsArray().Count.ShouldBe(4);
        adoption["tasks"]!.AsArray().ShouldAllBe(t => t!["status"]!.GetValue<string>() == "planned" && t["id"] == null);
        adoption["tasks"]!.AsArray().ShouldAllBe(t => t!["dueAt"] != null);
        Text(adoption["gate"], "milestone").ShouldBe("adoption");
        var checkIn = PhaseNamed(run, "Check-in");
        checkIn["tasks"]!.AsArray().ShouldHaveSingleItem()!["createdAt"].ShouldBeNull("the view shows what the chart needs, not the whole task");
        checkIn["gate"].ShouldBeNull();

        // 14 tasks known: 5 Foundation, 1 check-in, 8 planned; 2 completed.
        var counts = run["counts"]!;
        $"{counts["open"]} {counts["overdue"]} {counts["completed"]} {counts["planned"]}".ShouldBe("3 1 2 8");
        run["percentDone"]!.GetValue<int>().ShouldBe(14);
    }

    [Fact]
    public async Task Progress_FoundationCompletedAndAdoptionOpened_GateMetAndPlannedDueDatesWereTheAssignedOnes()
    {
        await _host.StartPlaybookAsync("mercy", "onboarding-90-day", new { kickoffDate = Kickoff }, HttpStatusCode.Accepted);
        var planned = PhaseNamed((await ProgressAsync())["runs"]![0]!, "Adoption")["tasks"]!.AsArray()
            .ToDictionary(t => Text(t, "activityId"), t => t!["dueAt"]!.GetValue<DateTimeOffset>());
        await _host.AdvanceToAsync(Kickoff.AddDays(10));
        foreach (var task in (await _host.TasksAsync("mercy")).Where(t => Text(t, "phase") == "Foundation"))
        {
            await CompleteAsync(task);
        }

        await _host.AdvanceToAsync(Kickoff.AddDays(31));

        var run = (await ProgressAsync())["runs"]![0]!;
        var foundation = PhaseNamed(run, "Foundation");
        Text(foundation, "status").ShouldBe("done");
        foundation["gate"]!["met"]!.GetValue<bool>().ShouldBeTrue();
        foundation["gate"]!["metAt"]!.GetValue<DateTimeOffset>().ShouldBe(Kickoff.AddDays(10));
        var adoption = PhaseNamed(run, "Adoption");
        Text(adoption, "status").ShouldBe("active");
        adoption["start"]!.GetValue<DateTimeOffset>().ShouldBe(Kickoff.AddDays(30), "Adoption opens 30 days after the kickoff");
        var assigned = adoption["tasks"]!.AsArray().ToDictionary(t => Text(t, "activityId"), t => t!.AsObject());
        assigned.Values.ShouldAllBe(t => t["status"]!.GetValue<string>() != "planned");
        assigned.Keys.ShouldBe(planned.Keys, ignoreOrder: true);
        foreach (var (activityId, due) in planned)
        {
            assigned[activityId]["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(due, activityId);
        }
    }

    [Fact]
    public async Task Progress_TwoPlaybooks_OneRunEachNewestFirst()
    {
        await _host.StartPlaybookAsync("mercy", "onboarding-90-day", new { kickoffDate = Kickoff }, HttpStatusCode.Accepted);
        _host.Api.Clock.Advance(TimeSpan.FromMinutes(5));
        await _host.StartPlaybookAsync("mercy", "qbr-cadence", new { }, HttpStatusCode.Accepted);

        var runs = (await ProgressAsync())["runs"]!.AsArray();

        runs.Select(r => Text(r, "playbook")).ShouldBe(["qbr-cadence", "onboarding-90-day"]);
        Text(runs[0], "period").ShouldBe("2026-10-01");
        runs[0]!["phases"]!.AsArray().Select(p => Text(p, "name")).ShouldBe(["QBR"]);
    }

    [Fact]
    public async Task Progress_UnknownAccount_404ProblemNamingIt()
    {
        using var response = await _host.Admin.GetAsync("/api/accounts/nobody/progress", TestContext.Current.CancellationToken);

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldBe("no account 'nobody'");
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Integration)]
    [InlineData(Roles.IncidentCommander)]
    public async Task Progress_ReadOnlyRole_Reads(string role)
    {
        await _host.StartPlaybookAsync("mercy", "onboarding-90-day", new { kickoffDate = Kickoff }, HttpStatusCode.Accepted);
        using var client = await _host.Api.ClientWithRolesAsync(role);

        var progress = await client.GetJsonAsync("/api/accounts/mercy/progress");

        progress["runs"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task List_TaskCounts_OpenAndOverduePerAccount()
    {
        await _host.CreateAccountAsync("quiet", "Small");
        await _host.StartPlaybookAsync("mercy", "onboarding-90-day", new { kickoffDate = Kickoff }, HttpStatusCode.Accepted);
        await _host.AdvanceToAsync(Kickoff.AddDays(4));

        var accounts = (await _host.Admin.GetJsonAsync("/api/accounts?taskCounts=true")).AsArray().ToDictionary(a => Text(a, "id"));
        var plain = (await _host.Admin.GetJsonAsync("/api/accounts")).AsArray();

        $"{accounts["mercy"]!["openTasks"]} {accounts["mercy"]!["overdueTasks"]}".ShouldBe("4 1");
        $"{accounts["quiet"]!["openTasks"]} {accounts["quiet"]!["overdueTasks"]}".ShouldBe("0 0");
        plain.ShouldAllBe(a => a!["openTasks"] == null);
    }
}
