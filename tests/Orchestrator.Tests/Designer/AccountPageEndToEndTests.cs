using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Scenarios;

namespace Orchestrator.Tests.Designer;

/// <summary>
/// The account pages in Debian's Chromium against the real server with the shipped playbooks: an Enterprise account eight
/// days into its onboarding (two tasks done, the kickoff overdue, a check-in open), opened from the list with the keyboard.
/// </summary>
public sealed class AccountPageEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Browser_OnboardingAccount_TimelineShowsPhasesAndTaskStatusesAndFits1280x800()
    {
        File.Exists("/usr/bin/chromium").ShouldBeTrue("Debian's chromium is needed: apt-get install -y chromium");
        await using var host = await PlaybookHost.StartAsync(
            b =>
            {
                b.UseSetting("Orchestrator:Auth:BootstrapAdmin:User", SignInTests.AdminUser);
                b.UseSetting("Orchestrator:Auth:BootstrapAdmin:Password", SignInTests.AdminPassword);
            },
            onLoopback: true);
        var address = host.Api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        var screenshots = Path.Combine(AppContext.BaseDirectory, "designer-e2e");

        await host.CreateAccountAsync("mercy", "Enterprise", contractStart: "2026-10-01");
        await host.StartPlaybookAsync("mercy", "onboarding-90-day", new { kickoffDate = PlaybookHost.Kickoff }, HttpStatusCode.Accepted);
        foreach (var task in (await host.TasksAsync("mercy")).Where(t => t["title"]!.GetValue<string>() is "Technical setup and integration" or "Admin training (16 h)"))
        {
            using var completed = await host.Admin.PostJsonAsync($"/api/tasks/{task["id"]}/complete", new { comment = "done" });
            await completed.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        await host.AdvanceToAsync(PlaybookHost.Kickoff.AddDays(8));

        var (exitCode, output) = await DesignerProcess.RunAsync(
            "node",
            "e2e/accounts.mjs",
            new Dictionary<string, string>
            {
                ["BASE_URL"] = address,
                ["E2E_USER"] = SignInTests.AdminUser,
                ["E2E_PASSWORD"] = SignInTests.AdminPassword,
                ["E2E_OUT"] = screenshots,
                ["E2E_ACCOUNT"] = "mercy Health",
                ["E2E_KICKOFF"] = "2026-11-02",
            },
            TimeSpan.FromMinutes(3),
            Ct);

        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("{\"ok\"", StringComparison.Ordinal));
        line.ShouldNotBeNull(output);
        var seen = JsonNode.Parse(line)!;
        exitCode.ShouldBe(0, line);
        seen["ok"]!.GetValue<bool>().ShouldBeTrue(line);
        seen["listRow"]!.GetValue<string>().ShouldBe("mercy Health mercy | Enterprise | Europe | Alice CSM | — | 3 | 1", line);
        seen["focusedAfterSearch"]!.GetValue<string>().ShouldBe("a:mercy Health", line);
        seen["url"]!.GetValue<string>().ShouldBe("/accounts/mercy", line);
        var timeline = seen["timeline"]!;
        timeline["phases"]!.AsArray().Select(p => p!.GetValue<string>())
            .ShouldBe(["Foundation:active", "Adoption:planned", "Full deployment:planned", "Check-in:active"], line);
        timeline["tasks"]!.GetValue<int>().ShouldBe(14, line);
        timeline["byStatus"]!.AsObject().OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}:{s.Value}")
            .ShouldBe(["completed:2", "open:3", "overdue:1", "planned:8"], line);
        timeline["gates"]!.GetValue<int>().ShouldBe(3, line);
        timeline["today"]!.GetValue<int>().ShouldBe(1, line);
        timeline["titled"]!.GetValue<bool>().ShouldBeTrue(line);
        timeline["label"]!.GetValue<string>().ShouldStartWith("90-day onboarding (2026-11-02): 14% done; Foundation active, 5 tasks, gate not met", customMessage: line);
        seen["tableRows"]!.GetValue<int>().ShouldBe(14, line);
        seen["dedupe"]!.GetValue<string>().ShouldContain("already has a run for period 2026-11-02", customMessage: line);
        seen["runs"]!.GetValue<int>().ShouldBe(1, line);
        seen["focusedAfterDedupe"]!.GetValue<string>().ShouldStartWith("h3:90-day onboarding", customMessage: line);
        seen["overflowingPages"]!.AsArray().ShouldBeEmpty(line);
        seen["errors"]!.AsArray().ShouldBeEmpty(line);
        (await host.Admin.GetJsonAsync("/api/accounts/mercy/playbooks")).AsArray().Count.ShouldBe(1, "the second start found the period's run");
        foreach (var shot in new[] { "20-accounts.png", "21-account-timeline.png", "22-account-dedupe.png" })
        {
            File.Exists(Path.Combine(screenshots, shot)).ShouldBeTrue(shot);
        }
    }
}
