using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Cli;
using Orchestrator.Testing;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Scenarios;

/// <summary>The shipped 90-day onboarding playbook for an Enterprise account, driven through the HTTP API on a fake clock.</summary>
public sealed class OnboardingScenarioTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Kickoff = PlaybookHost.Kickoff;

    private PlaybookHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await PlaybookHost.StartAsync();
        await _host.CreateAccountAsync("mercy", "Enterprise");
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private Task<JsonNode> StartAsync(HttpStatusCode expected = HttpStatusCode.Accepted) =>
        _host.StartPlaybookAsync("mercy", "onboarding-90-day", new { kickoffDate = Kickoff }, expected);

    private static string Text(JsonNode node, string key) => node[key]!.GetValue<string>();

    [Theory]
    [InlineData("onboarding-90-day.json")]
    [InlineData("qbr-cadence.json")]
    [InlineData("success-review.json")]
    public void Validate_ShippedPlaybook_NoProblems(string file)
    {
        using var output = new StringWriter();

        var exitCode = ValidateCommand.Execute([Path.Combine(RepositoryPaths.Root, "playbooks", file)], output);

        output.ToString().ShouldBeEmpty();
        exitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Start_EnterpriseAccount_FoundationTasksOwnedThroughTheAccountRolesAndDueOnBusinessDays()
    {
        await StartAsync();

        var tasks = await _host.TasksAsync("mercy");

        tasks.Select(t => Text(t, "phase")).Distinct().ShouldBe(["Foundation"], "Adoption waits for the Foundation gate");
        var byTitle = tasks.ToDictionary(t => Text(t, "title"));
        byTitle.Keys.ShouldBe(
            ["Kickoff call and success plan", "Admin training (16 h)", "Technical setup and integration", "End-user training (8 h)", "Certification start"],
            ignoreOrder: true);
        Text(byTitle["Kickoff call and success plan"], "ownerPersonId").ShouldBe("alice");
        Text(byTitle["Technical setup and integration"], "ownerPersonId").ShouldBe("ian");
        Text(byTitle["Admin training (16 h)"], "ownerPersonId").ShouldBe("tina");
        Text(byTitle["End-user training (8 h)"], "ownerPersonId").ShouldBe("tina");
        Text(byTitle["Certification start"], "ownerPersonId").ShouldBe("carl");
        Text(byTitle["Certification start"], "ownerRole").ShouldBe("customer-admin");

        // Europe calendar (Dublin, Mon-Fri 08:00-18:00, UTC in winter); kickoff Monday 2 Nov 09:00.
        // 3 business days: Tue 3, Wed 4, Thu 5 -> Thursday's close. 15: three weeks on -> Monday 23 Nov's close.
        byTitle["Kickoff call and success plan"]["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 11, 5, 18, 0, 0, TimeSpan.Zero));
        byTitle["Technical setup and integration"]["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero));
        byTitle["Certification start"]["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero));
        tasks.ShouldAllBe(t => t["milestone"]!.GetValue<string>() == "foundation");
    }

    [Fact]
    public async Task Timers_WeeklyCadence_EnterpriseCheckInEachWeekForTheCsm()
    {
        await StartAsync();

        await _host.AdvanceToAsync(Kickoff.AddDays(22));

        var checkIns = (await _host.TasksAsync("mercy")).Where(t => Text(t, "phase") == "Check-in").ToList();
        checkIns.Select(t => t["createdAt"]!.GetValue<DateTimeOffset>()).Order().ShouldBe([Kickoff.AddDays(7), Kickoff.AddDays(14), Kickoff.AddDays(21)]);
        checkIns.ShouldAllBe(t => t["ownerPersonId"]!.GetValue<string>() == "alice");
    }

    [Theory]
    [InlineData("Regional", 14, 0, 3)]
    [InlineData("Mid-market", 0, 1, 3)]
    [InlineData("Small", 0, 3, 2)]
    public async Task Timers_SegmentCadence_CheckInsForTheCsmAtTheSegmentsInterval(string segment, int everyDays, int everyMonths, int count)
    {
        await _host.CreateAccountAsync("st-anne", segment);
        await _host.StartPlaybookAsync("st-anne", "onboarding-90-day", new { kickoffDate = Kickoff }, HttpStatusCode.Accepted);
        var expected = Enumerable.Range(1, count).Select(n => Kickoff.AddDays(n * everyDays).AddMonths(n * everyMonths)).ToList();

        await _host.AdvanceToAsync(expected[^1].AddDays(1));

        var checkIns = (await _host.TasksAsync("st-anne")).Where(t => Text(t, "phase") == "Check-in").ToList();
        checkIns.Select(t => t["createdAt"]!.GetValue<DateTimeOffset>()).Order().ShouldBe(expected);
        checkIns.ShouldAllBe(t => t["ownerPersonId"]!.GetValue<string>() == "alice");
        checkIns.ShouldAllBe(t => Text(t, "title").StartsWith($"{segment} check-in call with st-anne Health", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timers_KickoffTaskOverdue_OwnerRemindedThenTheCsmsManager()
    {
        await StartAsync();
        var kickoff = (await _host.TasksAsync("mercy")).Single(t => Text(t, "title") == "Kickoff call and success plan");
        var due = kickoff["dueAt"]!.GetValue<DateTimeOffset>();

        await _host.AdvanceToAsync(due);

        (await _host.Admin.GetJsonAsync($"/api/tasks/{Text(kickoff, "id")}"))["status"]!.GetValue<string>().ShouldBe("overdue");
        var toAlice = await _host.EmailsToAsync("alice@vendor.example");
        toAlice.Where(e => e.ActivityId == "kickoff").Select(e => e.Email.Subject)
            .ShouldContain(s => s.StartsWith("Reminder: Kickoff call and success plan", StringComparison.Ordinal));
        (await _host.EmailsToAsync("maria@vendor.example")).Where(e => e.ActivityId == "kickoff").ShouldBeEmpty("the manager hears of it one business day after the due time");

        await _host.AdvanceToAsync(due.AddDays(1));

        var toMaria = (await _host.EmailsToAsync("maria@vendor.example")).Where(e => e.ActivityId == "kickoff").ToList();
        toMaria.ShouldHaveSingleItem().Email.Subject.ShouldStartWith("Reminder: Kickoff call and success plan");
    }

    [Fact]
    public async Task CompleteTasks_FoundationDone_AdoptionOpensOnDay31WithDueDatesFromKickoff()
    {
        await StartAsync();
        await _host.AdvanceToAsync(Kickoff.AddDays(31));
        (await _host.TasksAsync("mercy")).ShouldNotContain(t => Text(t, "phase") == "Adoption", "the Foundation gate holds while its tasks are open");

        var foundation = (await _host.TasksAsync("mercy")).Where(t => Text(t, "phase") == "Foundation").ToList();
        foundation.Count.ShouldBe(5);
        foreach (var task in foundation.SkipLast(1))
        {
            using var response = await _host.Admin.PostJsonAsync($"/api/tasks/{Text(task, "id")}/complete", new { comment = "done" });
            await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        (await _host.TasksAsync("mercy")).ShouldNotContain(t => Text(t, "phase") == "Adoption", "one Foundation task is still open");
        using (var last = await _host.Admin.PostJsonAsync($"/api/tasks/{Text(foundation[^1], "id")}/complete", new { comment = "done late" }))
        {
            await last.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        var adoption = (await _host.TasksAsync("mercy")).Where(t => Text(t, "phase") == "Adoption").ToDictionary(t => Text(t, "title"));
        adoption.Keys.ShouldBe(["Pilot rollout", "Usage and performance monitoring", "First ROI measurement", "Optimisation"], ignoreOrder: true);
        Text(adoption["Pilot rollout"], "ownerPersonId").ShouldBe("ian");
        Text(adoption["First ROI measurement"], "ownerPersonId").ShouldBe("alice");

        // 27 business days from Monday 2 Nov: five weeks and two days -> Wednesday 9 Dec.
        adoption["Pilot rollout"]["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 12, 9, 18, 0, 0, TimeSpan.Zero));
        (await _host.TasksAsync("mercy")).ShouldNotContain(t => Text(t, "phase") == "Full deployment");
    }

    [Fact]
    public async Task CompleteTasks_AdoptionGateMet_FullDeploymentOpensOnDay61WithOwnersAndBusinessDayDueDates()
    {
        await StartAsync();
        await _host.AdvanceToAsync(Kickoff.AddDays(10));
        await CompletePhaseAsync("mercy", "Foundation");
        await _host.AdvanceToAsync(Kickoff.AddDays(40));
        await CompletePhaseAsync("mercy", "Adoption");

        await _host.AdvanceToAsync(Kickoff.AddDays(59));
        (await _host.TasksAsync("mercy")).ShouldNotContain(t => Text(t, "phase") == "Full deployment", "the gate is met, but the phase opens on day 61");

        await _host.AdvanceToAsync(Kickoff.AddDays(60));

        var full = (await _host.TasksAsync("mercy")).Where(t => Text(t, "phase") == "Full deployment").ToDictionary(t => Text(t, "title"));
        full.Keys.ShouldBe(["Organisation-wide rollout", "Value realisation and ROI validation", "Expansion assessment", "Renewal planning"], ignoreOrder: true);
        full.Values.ShouldAllBe(t => t["createdAt"]!.GetValue<DateTimeOffset>() == Kickoff.AddDays(60));
        full.Values.ShouldAllBe(t => Text(t, "milestone") == "full-deployment");
        Text(full["Organisation-wide rollout"], "ownerPersonId").ShouldBe("carl");
        Text(full["Organisation-wide rollout"], "ownerRole").ShouldBe("customer-admin");
        foreach (var title in new[] { "Value realisation and ROI validation", "Expansion assessment", "Renewal planning" })
        {
            Text(full[title], "ownerPersonId").ShouldBe("alice");
            Text(full[title], "ownerRole").ShouldBe("csm");
        }

        // Business days from Monday 2 Nov on the Europe calendar (Mon-Fri, no holidays, UTC in winter): 50 is ten weeks
        // on (Monday 11 Jan), 58 is Thursday 21 Jan, 60 is Monday 25 Jan, 63 is Thursday 28 Jan: all before day 90.
        full["Organisation-wide rollout"]["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2027, 1, 11, 18, 0, 0, TimeSpan.Zero));
        full["Value realisation and ROI validation"]["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2027, 1, 21, 18, 0, 0, TimeSpan.Zero));
        full["Expansion assessment"]["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2027, 1, 25, 18, 0, 0, TimeSpan.Zero));
        full["Renewal planning"]["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2027, 1, 28, 18, 0, 0, TimeSpan.Zero));
        (await _host.Admin.InstancesOfAsync("success-review")).ShouldBeEmpty("onboarding goes on until the last gate is met");
    }

    [Fact]
    public async Task CompleteTasks_LastGateMet_SuccessReviewStartsOnceAndCheckInsGoOnAtTheSameCadence()
    {
        await _host.CreateAccountAsync("grace", "Enterprise", contractStart: "2026-10-15");
        var onboarding = await _host.StartPlaybookAsync("grace", "onboarding-90-day", new { kickoffDate = Kickoff }, HttpStatusCode.Accepted);
        await _host.AdvanceToAsync(Kickoff.AddDays(10));
        await CompletePhaseAsync("grace", "Foundation");
        await _host.AdvanceToAsync(Kickoff.AddDays(40));
        await CompletePhaseAsync("grace", "Adoption");
        await _host.AdvanceToAsync(Kickoff.AddDays(66));

        await CompletePhaseAsync("grace", "Full deployment");

        (await _host.Admin.GetJsonAsync($"/api/workflow-instances/{Text(onboarding, "instanceId")}"))["status"]!.GetValue<string>().ShouldBe("Finished");
        var reviewRun = (await _host.Admin.GetJsonAsync("/api/accounts/grace/playbooks")).AsArray().Single(r => Text(r!, "playbook") == "success-review")!;
        Text(reviewRun, "period").ShouldBe("2026-10-15", "one success-review run per contract, as a start by hand would be");
        Text(reviewRun, "kickoffDate").ShouldBe(Text(onboarding, "kickoffDate"));
        var again = await _host.StartPlaybookAsync("grace", "success-review", null, HttpStatusCode.OK);
        Text(again, "instanceId").ShouldBe(Text(reviewRun, "instanceId"));
        (await _host.Admin.InstancesOfAsync("success-review")).Count.ShouldBe(1);

        await _host.AdvanceToAsync(Kickoff.AddDays(85));

        // Weekly from the kickoff, with no gap and no double when onboarding hands over on day 67.
        var checkIns = (await _host.TasksAsync("grace")).Where(t => Text(t, "phase") == "Check-in").OrderBy(t => t["createdAt"]!.GetValue<DateTimeOffset>()).ToList();
        checkIns.Select(t => t["createdAt"]!.GetValue<DateTimeOffset>()).ShouldBe(Enumerable.Range(1, 12).Select(n => Kickoff.AddDays(7 * n)));
        checkIns.Select(t => Text(t, "title")).ShouldBe(Enumerable.Range(1, 12).Select(n => $"Enterprise check-in call with grace Health (#{n})"));
        checkIns.Skip(9).ShouldAllBe(t => Text(t, "workflowInstanceId") == Text(reviewRun, "instanceId"));
        checkIns.ShouldAllBe(t => Text(t, "ownerPersonId") == "alice");

        // Monthly reviews on the contract's anniversaries: the 15 Jan review opens a week ahead, on 8 Jan.
        var review = (await _host.TasksAsync("grace")).Where(t => Text(t, "phase") == "Success review").ShouldHaveSingleItem();
        review["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2027, 1, 15, 9, 0, 0, TimeSpan.Zero));
        review["createdAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2027, 1, 8, 9, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task CompleteTasks_FoundationDoneEarly_AdoptionWaitsForDay31()
    {
        await StartAsync();
        await _host.AdvanceToAsync(Kickoff.AddDays(10));
        foreach (var task in (await _host.TasksAsync("mercy")).Where(t => Text(t, "phase") == "Foundation"))
        {
            using var response = await _host.Admin.PostJsonAsync($"/api/tasks/{Text(task, "id")}/complete", new { comment = "done" });
            await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        (await _host.TasksAsync("mercy")).ShouldNotContain(t => Text(t, "phase") == "Adoption");

        await _host.AdvanceToAsync(Kickoff.AddDays(30));

        var adoption = (await _host.TasksAsync("mercy")).Where(t => Text(t, "phase") == "Adoption").ToList();
        adoption.Count.ShouldBe(4);
        adoption.ShouldAllBe(t => t["createdAt"]!.GetValue<DateTimeOffset>() == Kickoff.AddDays(30));
    }

    private async Task CompletePhaseAsync(string accountId, string phase)
    {
        var open = (await _host.TasksAsync(accountId)).Where(t => Text(t, "phase") == phase && Text(t, "status") is "open" or "overdue").ToList();
        open.ShouldNotBeEmpty($"the {phase} phase has open tasks");
        foreach (var task in open)
        {
            using var response = await _host.Admin.PostJsonAsync($"/api/tasks/{Text(task, "id")}/complete", new { comment = "done" });
            await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }
    }

    [Fact]
    public async Task Start_Twice_SamePeriod_ReturnsTheExistingRunAndStartsNoSecond()
    {
        var first = await StartAsync();
        var again = await StartAsync(HttpStatusCode.OK);
        var racing = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await _host.Admin.PostJsonAsync("/api/accounts/mercy/playbooks/onboarding-90-day", new { kickoffDate = Kickoff });
            return (response.StatusCode, Id: Text(await response.ReadJsonAsync(), "instanceId"));
        }));

        Text(again, "instanceId").ShouldBe(Text(first, "instanceId"));
        again["started"]!.GetValue<bool>().ShouldBeFalse();
        racing.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK && r.Id == Text(first, "instanceId"));
        (await _host.Admin.InstancesOfAsync("onboarding-90-day")).Count.ShouldBe(1);
        (await _host.TasksAsync("mercy")).Count(t => Text(t, "title") == "Kickoff call and success plan").ShouldBe(1);
        Text(first, "period").ShouldBe("2026-11-02");
    }

    [Fact]
    public async Task Start_AnotherPeriod_StartsASecondRun()
    {
        var first = await StartAsync();

        var second = await _host.StartPlaybookAsync("mercy", "onboarding-90-day", new { kickoffDate = Kickoff, period = "re-onboarding-2027" }, HttpStatusCode.Accepted);

        Text(second, "instanceId").ShouldNotBe(Text(first, "instanceId"));
        (await _host.Admin.InstancesOfAsync("onboarding-90-day")).Count.ShouldBe(2);
        var runs = (await _host.Admin.GetJsonAsync("/api/accounts/mercy/playbooks")).AsArray();
        runs.Select(r => Text(r!, "period")).ShouldBe(["2026-11-02", "re-onboarding-2027"], ignoreOrder: true);
    }
}
