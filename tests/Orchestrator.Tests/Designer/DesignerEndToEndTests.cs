using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Tickets;
using Orchestrator.Auth;
using Orchestrator.Engine.Runtime;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Designer;

/// <summary>
/// The designer as a person uses it: its component tests (vitest), and a walk in Debian's Chromium driven by
/// playwright-core against the real server on a loopback port. Screenshots land in the test output's designer-e2e folder.
/// </summary>
public sealed class DesignerEndToEndTests
{
    private const string CsmPassword = "csm-password-for-casey";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NpmTest_ComponentSuite_PassesAndTheTicketEscalationItBuildsIsValid()
    {
        await using var api = SignInTests.Factory();
        using var admin = api.Client();
        var work = Directory.CreateTempSubdirectory("designer-vitest-");
        try
        {
            // The editor-built ticket escalation uses the host's own descriptors and is then judged by the host's compiler.
            var descriptors = Path.Combine(work.FullName, "descriptors.json");
            var built = Path.Combine(work.FullName, "ticket-escalation.json");
            await File.WriteAllTextAsync(descriptors, (await admin.GetJsonAsync("/api/activity-descriptors")).ToJsonString(), Ct);

            var (exitCode, output) = await DesignerProcess.RunAsync(
                "npm",
                "test",
                new Dictionary<string, string> { ["DESIGNER_DESCRIPTORS"] = descriptors, ["DESIGNER_BUILT_OUT"] = built },
                TimeSpan.FromMinutes(4),
                Ct);

            exitCode.ShouldBe(0, output);
            output.ShouldMatch(@"Tests\s+\d+ passed", output);
            output.ShouldNotContain(" failed", Case.Sensitive, output);
            File.Exists(built).ShouldBeTrue(output);
            var definition = await File.ReadAllTextAsync(built, Ct);
            using var validated = await admin.PostRawAsync("/api/workflow-definitions/validate", definition);
            var report = await validated.ReadJsonAsync();
            report["problems"]!.AsArray().ShouldBeEmpty(report.ToJsonString());
            var saved = await admin.SaveAsync(JsonNode.Parse(definition)!.AsObject(), publish: true);
            saved["status"]!.GetValue<string>().ShouldBe("published", saved.ToJsonString());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Browser_BuildRunAndCompleteATask_InstancesFinishAndPagesFitAt1280x800()
    {
        File.Exists("/usr/bin/chromium").ShouldBeTrue("Debian's chromium is needed: apt-get install -y chromium");
        await using var api = SignInTests.Factory();
        api.UseKestrel(0);
        api.StartServer();
        var address = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        var screenshots = Path.Combine(AppContext.BaseDirectory, "designer-e2e");

        // A CSM whose user name is their person id, and a run that gives them a task (due before the browser's today).
        using var admin = api.Client();
        using (var person = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/people/casey") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "Casey CSM", roles = new[] { "csm" } }) }, Ct))
        {
            await person.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Created);
        }

        using (var user = await admin.PostJsonAsync("/api/users", new { name = "casey", password = CsmPassword, roles = new[] { Roles.Csm } }))
        {
            await user.ShouldHaveStatusAsync(System.Net.HttpStatusCode.Created);
        }

        await admin.SaveAsync(
            Flows.Definition(
                "kickoff",
                "Kickoff",
                [
                    Flows.Activity(
                        "kickoff-call",
                        "Orchestrator.AssignTask",
                        ("title", Flows.Literal("Kickoff call with Acme")),
                        ("owner", Flows.Literal("person:casey")),
                        ("accountId", Flows.Literal("acme")),
                        ("phase", Flows.Literal("Foundation")),
                        ("dueAt", Flows.Literal("2026-11-03T17:00:00+00:00")),
                        ("notifyOwner", Flows.Literal(false, "Boolean"))),
                    Flows.WriteLine("after", "kickoff done"),
                ],
                [("kickoff-call", "Completed", "after")]),
            publish: true);
        var run = await admin.StartRunAsync("kickoff");
        var slaRun = await RunAnSlaToItsBreachAsync(api, admin);

        var (exitCode, output) = await DesignerProcess.RunAsync(
            "node",
            "e2e/run.mjs",
            new Dictionary<string, string>
            {
                ["BASE_URL"] = address,
                ["E2E_USER"] = SignInTests.AdminUser,
                ["E2E_PASSWORD"] = SignInTests.AdminPassword,
                ["E2E_OUT"] = screenshots,
                ["E2E_CSM_USER"] = "casey",
                ["E2E_CSM_PASSWORD"] = CsmPassword,
                ["E2E_TASK_INSTANCE"] = run["id"]!.GetValue<string>(),
                ["E2E_SLA_INSTANCE"] = slaRun,
            },
            TimeSpan.FromMinutes(3),
            Ct);

        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("{\"ok\"", StringComparison.Ordinal));
        line.ShouldNotBeNull(output);
        var seen = JsonNode.Parse(line)!;
        exitCode.ShouldBe(0, line);
        seen["ok"]!.GetValue<bool>().ShouldBeTrue(line);
        seen["signedInAs"]!.GetValue<string>().ShouldContain("admin");
        seen["nodes"]!.GetValue<int>().ShouldBe(3);
        seen["edges"]!.GetValue<int>().ShouldBe(2);
        seen["status"]!.GetValue<string>().ShouldContain("Published");
        seen["instanceStatus"]!.GetValue<string>().ShouldBe("Finished");
        seen["doneNodes"]!.GetValue<int>().ShouldBe(3);
        seen["takenEdges"]!.GetValue<int>().ShouldBe(2);
        seen["firstPageMs"]!.GetValue<int>().ShouldBeLessThan(1000);
        seen["errors"]!.AsArray().ShouldBeEmpty();
        seen["taskOverdueMarked"]!.GetValue<bool>().ShouldBeTrue(line);
        seen["inboxFocusOrder"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(
            ["link:Workflows", "link:Instances", "link:Tasks", "link:Accounts", "link:Incidents", "link:Dashboard", "button:Sign out", "select:Owner", "select:Status", "input:Account", "button:Filter", "button:Kickoff call with Acme"],
            line);
        seen["taskPanelFocus"]!.GetValue<string>().ShouldBe("h2:Kickoff call with Acme", line);
        seen["taskInstanceStatus"]!.GetValue<string>().ShouldBe("Finished", line);
        seen["overflowingPages"]!.AsArray().ShouldBeEmpty(line);
        seen["sla"]!.ToJsonString().ShouldBe("""{"cycles":1,"paused":1,"warnings":2,"breached":1}""", line);
        seen["dashboardCompleted"]!.GetValue<string>().ShouldBe("completed1", line);
        api.Lines.ShouldBe(["step 1", "step 2", "step 3", "kickoff done"]);
        var task = (await admin.GetJsonAsync($"/api/tasks?instanceId={run["id"]}")).AsArray().ShouldHaveSingleItem()!;
        task["status"]!.GetValue<string>().ShouldBe("completed");
        task["completedBy"]!.GetValue<string>().ShouldBe("casey");
        task["comment"]!.GetValue<string>().ShouldBe("Kickoff held; success plan agreed");
        foreach (var shot in new[] { "03-instance.png", "04-inbox.png", "05-task.png", "06-task-run-finished.png", "07-dashboard.png", "08-sla-timeline.png" })
        {
            File.Exists(Path.Combine(screenshots, shot)).ShouldBeTrue(shot);
        }
    }

    /// <summary>A P1 resolution SLA (240 business minutes, always-open calendar) paused an hour, warned at 50 % and 75 %, then breached.</summary>
    private static async Task<string> RunAnSlaToItsBreachAsync(ApiFactory api, HttpClient admin)
    {
        await admin.SaveAsync(
            Flows.Definition("ticket-sla", "Ticket SLA", [Flows.Activity("sla", "Orchestrator.SlaTimer", ("ticketId", Flows.Literal("zendesk:7")), ("priority", Flows.Literal("P1")))]),
            publish: true);
        // The browser draws a running timer up to its own present, so the run happens on the machine's clock: it ends now.
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-330);
        if (start > api.Clock.GetUtcNow())
        {
            api.Clock.SetUtcNow(start);
        }

        var instanceId = (await admin.StartRunAsync("ticket-sla"))["id"]!.GetValue<string>();
        var runtime = api.Services.GetRequiredService<WorkflowRuntime>();
        for (var minute = 10; minute <= 330; minute += 10)
        {
            api.Clock.Advance(TimeSpan.FromMinutes(10));
            if (minute == 30)
            {
                await runtime.DeliverAsync(TicketStimuli.Event, "zendesk:7", null, Status("pending"), Ct);
            }
            else if (minute == 90)
            {
                await runtime.DeliverAsync(TicketStimuli.Event, "zendesk:7", null, Status("open"), Ct);
            }

            await runtime.FireDueTimersAsync(Ct);
        }

        return instanceId;

        static JsonObject Status(string value) => new() { ["type"] = "ticket.status_changed", ["ticketId"] = "zendesk:7", ["status"] = value };
    }
}
