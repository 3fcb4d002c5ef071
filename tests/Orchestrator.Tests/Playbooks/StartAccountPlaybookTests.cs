using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Api;
using Orchestrator.Tests.Scenarios;

namespace Orchestrator.Tests.Playbooks;

/// <summary>
/// <c>Orchestrator.StartPlaybook</c> in a playbook published through the API: it starts another playbook for the account
/// through the same once-per-period reservation as the API.
/// </summary>
public sealed class StartAccountPlaybookTests : IAsyncLifetime
{
    private PlaybookHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await PlaybookHost.StartAsync();
        await _host.CreateAccountAsync("grace", "Regional", contractStart: "2026-10-15");
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private static string Text(JsonNode node, string key) => node[key]!.GetValue<string>();

    /// <summary>A playbook whose first step starts <paramref name="playbook"/> for its account.</summary>
    private async Task PublishHandOverAsync(string playbook)
    {
        var definition = new JsonObject
        {
            ["definitionId"] = "hand-over-now",
            ["name"] = "Hand over at once",
            ["version"] = 1,
            ["inputs"] = new JsonArray(new JsonObject { ["type"] = "String", ["name"] = "AccountId" }),
            ["root"] = new JsonObject
            {
                ["id"] = "flow",
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["activities"] = new JsonArray(
                    new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start", ["version"] = 1 },
                    new JsonObject
                    {
                        ["id"] = "handOver",
                        ["type"] = "Orchestrator.StartPlaybook",
                        ["version"] = 1,
                        ["playbook"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = playbook } },
                        ["accountId"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "getInput('AccountId')" } },
                    }),
                ["connections"] = new JsonArray(new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = "start", ["port"] = "Done" },
                    ["target"] = new JsonObject { ["activity"] = "handOver", ["port"] = "In" },
                }),
            },
        };
        using var saved = await _host.Admin.PostRawAsync("/api/workflow-definitions?publish=true", definition.ToJsonString());
        await saved.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Execute_InThePlaybooksFirstBurst_StartsTheOtherPlaybookOnceWithoutWaitingOnItsOwnStart()
    {
        await PublishHandOverAsync("success-review");

        var run = await _host.StartPlaybookAsync("grace", "hand-over-now", null, HttpStatusCode.Accepted).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var again = await _host.StartPlaybookAsync("grace", "success-review", null, HttpStatusCode.OK);

        var instance = await _host.Admin.GetJsonAsync($"/api/workflow-instances/{Text(run, "instanceId")}");
        instance["status"]!.GetValue<string>().ShouldBe("Finished", instance["incidents"]?.ToJsonString());
        var started = (await _host.Admin.InstancesOfAsync("success-review")).ShouldHaveSingleItem()!;
        Text(again, "instanceId").ShouldBe(Text(started, "id"));
        Text(again, "period").ShouldBe("2026-10-15");
        Text(again, "startedBy").ShouldBe($"workflow:{Text(run, "instanceId")}");
    }

    [Fact]
    public async Task Execute_UnknownPlaybook_FaultsTheRunNamingThePlaybook()
    {
        await PublishHandOverAsync("no-such-playbook");

        var run = await _host.StartPlaybookAsync("grace", "hand-over-now", null, HttpStatusCode.Accepted);

        var instance = await _host.Admin.GetJsonAsync($"/api/workflow-instances/{Text(run, "instanceId")}");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Faulted");
        var incident = instance["incidents"]!.AsArray().ShouldHaveSingleItem()!;
        Text(incident, "activityId").ShouldBe("handOver");
        Text(incident, "message").ShouldContain("no published playbook 'no-such-playbook'");
    }
}
