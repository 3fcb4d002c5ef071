using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Scenarios;

/// <summary>The shipped QBR cadence and success-review playbooks over a year of workflow time, through the HTTP API.</summary>
public sealed class QbrScenarioTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = PlaybookHost.Kickoff;

    private PlaybookHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await PlaybookHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static string Text(JsonNode node, string key) => node[key]!.GetValue<string>();

    private static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task QbrCadence_OneYear_FourReviewsOnTheContractsQuarterlyAnniversariesWithPrepAndFollowUp()
    {
        await _host.CreateAccountAsync("mercy", "Regional", contractStart: "2026-01-15");
        var run = await _host.StartPlaybookAsync("mercy", "qbr-cadence", null, HttpStatusCode.Accepted);

        await _host.AdvanceToAsync(Now.AddYears(1));

        Text(run, "period").ShouldBe("2026-01-15", "a cadence counts from the contract, so it runs once per contract start");
        var tasks = await _host.TasksAsync("mercy");
        DateTimeOffset[] reviews = [At(2027, 1, 15), At(2027, 4, 15), At(2027, 7, 15), At(2027, 10, 15)];
        Created(tasks, "Quarterly business review").ShouldBe(reviews);
        Created(tasks, "QBR preparation: usage, health and ROI data").ShouldBe(reviews.Select(t => t.AddDays(-14)));
        Created(tasks, "QBR preparation: agenda and deck to the sponsor").ShouldBe(reviews.Select(t => t.AddDays(-7)));
        Created(tasks, "QBR follow-up: summary and action plan").ShouldBe(reviews.Select(t => t.AddDays(3)));
        tasks.ShouldAllBe(t => t["ownerPersonId"]!.GetValue<string>() == "alice");
        (await _host.Admin.GetJsonAsync($"/api/workflow-instances/{Text(run, "instanceId")}"))["status"]!.GetValue<string>().ShouldBe("Running", "the cadence goes on into the next year");
    }

    [Fact]
    public async Task QbrCadence_StartedTwice_OneCadence()
    {
        await _host.CreateAccountAsync("mercy", "Regional", contractStart: "2026-01-15");
        var first = await _host.StartPlaybookAsync("mercy", "qbr-cadence", null, HttpStatusCode.Accepted);
        var again = await _host.StartPlaybookAsync("mercy", "qbr-cadence", null, HttpStatusCode.OK);

        await _host.AdvanceToAsync(At(2027, 1, 16));

        Text(again, "instanceId").ShouldBe(Text(first, "instanceId"));
        Created(await _host.TasksAsync("mercy"), "Quarterly business review").ShouldBe([At(2027, 1, 15)]);
    }

    [Fact]
    public async Task QbrCadence_AccountWithoutContractStart_Returns400NamingContractStart()
    {
        await _host.CreateAccountAsync("mercy", "Regional");

        using var response = await _host.Admin.PostJsonAsync("/api/accounts/mercy/playbooks/qbr-cadence", new { });

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["contractStart"].ShouldNotBeNull();
        (await _host.Admin.InstancesOfAsync("qbr-cadence")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Enterprise", 12)]
    [InlineData("Regional", 4)]
    [InlineData("Mid-market", 2)]
    [InlineData("Small", 1)]
    public async Task SuccessReview_OneYear_ReviewsAtTheSegmentsCadence(string segment, int perYear)
    {
        await _host.CreateAccountAsync("mercy", segment, contractStart: "2026-01-15");
        await _host.StartPlaybookAsync("mercy", "success-review", null, HttpStatusCode.Accepted);

        await _host.AdvanceToAsync(Now.AddYears(1));

        var reviews = (await _host.TasksAsync("mercy")).Where(t => Text(t, "phase") == "Success review").ToList();
        reviews.Count.ShouldBe(perYear);
        var months = 12 / perYear;
        var first = Enumerable.Range(1, 24).Select(n => At(2026, 1, 15).AddMonths(n * months)).First(d => d.AddDays(-7) > Now);
        reviews.Select(t => t["dueAt"]!.GetValue<DateTimeOffset>()).Order().ShouldBe(Enumerable.Range(0, perYear).Select(i => first.AddMonths(i * months)));
        reviews.ShouldAllBe(t => t["createdAt"]!.GetValue<DateTimeOffset>() == t["dueAt"]!.GetValue<DateTimeOffset>().AddDays(-7));
    }

    private static List<DateTimeOffset> Created(IEnumerable<JsonObject> tasks, string titlePrefix) =>
        [.. tasks.Where(t => Text(t, "title").StartsWith(titlePrefix, StringComparison.Ordinal)).Select(t => t["createdAt"]!.GetValue<DateTimeOffset>()).Order()];
}
