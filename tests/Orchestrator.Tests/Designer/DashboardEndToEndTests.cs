using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Tickets;
using Orchestrator.Engine.Runtime;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Designer;

/// <summary>
/// The operator dashboard in Debian's Chromium against the real server: one SLA met and one breached, the compliance
/// numbers and the breach reason on the page, response times, escalation rate, support debt and QBRs (none: "no data"),
/// keyboard use, and the breach's instance with its SLA chart.
/// </summary>
public sealed class DashboardEndToEndTests
{
    private const string Reason = "no first response within 1 h business time (P1, calendar '24x7'); held by L2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Browser_MetAndBreachedSla_DashboardShowsComplianceAndTheBreachReason()
    {
        File.Exists("/usr/bin/chromium").ShouldBeTrue("Debian's chromium is needed: apt-get install -y chromium");
        await using var api = SignInTests.Factory();
        api.UseKestrel(0);
        api.StartServer();
        var address = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        var screenshots = Path.Combine(AppContext.BaseDirectory, "dashboard-e2e");
        using var admin = api.Client();
        var runtime = api.Services.GetRequiredService<WorkflowRuntime>();
        // The instance page draws an open cycle up to the browser's present, so the runs happen on the machine's clock.
        var start = TimeProvider.System.GetUtcNow().AddMinutes(-60);
        if (start > api.Clock.GetUtcNow())
        {
            api.Clock.SetUtcNow(start);
        }

        await admin.SaveAsync(Sla("answered", "zendesk:1", "L1"), publish: true);
        await admin.SaveAsync(Sla("late", "zendesk:2", "L2"), publish: true);
        await admin.StartRunAsync("answered");
        var late = (await admin.StartRunAsync("late"))["id"]!.GetValue<string>();
        api.Clock.Advance(TimeSpan.FromMinutes(20));
        await runtime.DeliverAsync(TicketStimuli.Event, "zendesk:1", null, new JsonObject { ["type"] = "ticket.responded", ["ticketId"] = "zendesk:1" }, Ct);
        api.Clock.Advance(TimeSpan.FromMinutes(40));
        await runtime.FireDueTimersAsync(Ct);

        var (exitCode, output) = await DesignerProcess.RunAsync(
            "node",
            "e2e/dashboard.mjs",
            new Dictionary<string, string>
            {
                ["BASE_URL"] = address,
                ["E2E_USER"] = SignInTests.AdminUser,
                ["E2E_PASSWORD"] = SignInTests.AdminPassword,
                ["E2E_OUT"] = screenshots,
            },
            TimeSpan.FromMinutes(3),
            Ct);

        var line = output.Split('\n').LastOrDefault(l => l.StartsWith("{\"ok\"", StringComparison.Ordinal));
        line.ShouldNotBeNull(output);
        var seen = JsonNode.Parse(line)!;
        exitCode.ShouldBe(0, line);
        seen["ok"]!.GetValue<bool>().ShouldBeTrue(line);
        seen["overall"]!.GetValue<string>().ShouldBe("50 % over 30 days: 1 met, 1 breached, 0 running", line);
        seen["byPriority"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["P150 % 1 met · 1 breached · 0 running"], line);
        seen["byTier"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["L1100 % 1 met · 0 breached · 0 running", "L20 % 0 met · 1 breached · 0 running"], line);
        seen["breaches"]!.GetValue<int>().ShouldBe(1, line);
        seen["breachReason"]!.GetValue<string>().ShouldBe(Reason, line);
        seen["dashboardCompleted"]!.GetValue<string>().ShouldBe("completed0", line);
        seen["times"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(
            [
                "PriorityAcknowledgeFirst responseResolution",
                "Allno data20 min / 20 min (1)no data",
                "P1no data20 min / 20 min (1)no data",
                "P2no datano datano data",
                "P3no datano datano data",
                "P4no datano datano data",
            ],
            line);
        seen["rate"]!.GetValue<string>().ShouldBe("0 % of 2 tickets escalated (0): 0 handed off to another tier, 0 paged past level 1", line);
        seen["qbr"]!.GetValue<string>().ShouldBe("No data: no QBR review was due in the last 30 days.", line);
        seen["debt"]!.GetValue<string>().ShouldBe("Support debt: 1.0 h total age of open tickets", line);
        seen["windowFocusVisible"]!.GetValue<bool>().ShouldBeTrue(line);
        seen["windowAfterKey"]!.GetValue<string>().ShouldBe("50 % over 90 days: 1 met, 1 breached, 0 running", line);
        seen["timesAfterKey"]!.GetValue<string>().ShouldBe("Response times, last 90 days", line);
        seen["instanceReason"]!.GetValue<string>().ShouldBe(Reason, line);
        seen["overflowingPages"]!.AsArray().ShouldBeEmpty(line);
        seen["errors"]!.AsArray().ShouldBeEmpty(line);
        File.Exists(Path.Combine(screenshots, "01-dashboard.png")).ShouldBeTrue();
        File.Exists(Path.Combine(screenshots, "02-breach-instance.png")).ShouldBeTrue();
        (await admin.GetJsonAsync($"/api/workflow-instances/{late}/sla")).AsArray().ShouldHaveSingleItem()!["status"]!.GetValue<string>().ShouldBe("breached");
    }

    private static JsonObject Sla(string definitionId, string ticketId, string tier) => Flows.Definition(
        definitionId,
        definitionId,
        [Flows.Activity("sla", "Orchestrator.SlaTimer", ("ticketId", Flows.Literal(ticketId)), ("priority", Flows.Literal("P1")), ("metric", Flows.Literal("first-response")), ("tier", Flows.Literal(tier)))]);
}
