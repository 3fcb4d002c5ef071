using System.Text.Json.Nodes;
using Orchestrator.Tests.Persistence;

namespace Orchestrator.Tests.Api.Definitions;

/// <summary>
/// What the durable host promises about versions on either database, over its real HTTP API: SQLite in
/// <see cref="VersioningTests"/>, PostgreSQL in <see cref="PostgresVersioningTests"/>.
/// </summary>
public abstract class DurableVersioningTests
{
    /// <summary>A host on a fresh database of this class's provider.</summary>
    private protected abstract Task<ApiFactory> StartApiAsync();

    [Fact]
    public async Task Publish_V2WhileAV1InstanceWaits_TheV1InstanceFinishesOnV1()
    {
        await using var api = await StartApiAsync();
        using var client = api.Client();
        JsonObject Escalation(string version) => Flows.Chain(
            "escalation",
            "Escalation",
            [
                Flows.WriteLine("page", $"{version}: paging on-call"),
                Flows.Event("ack", "ticket.acknowledged"),
                Flows.SetVariable("mark", "FinishedBy", Flows.Literal(version)),
                Flows.WriteLine("done", $"{version}: acknowledged"),
            ],
            [Flows.Variable("FinishedBy")]);
        await client.SaveAsync(Escalation("v1"), publish: true);
        var waiting = await client.StartRunAsync("escalation", correlationId: "T-42");
        waiting["subStatus"]!.GetValue<string>().ShouldBe("Suspended");

        await client.SaveAsync(Escalation("v2"), publish: true);
        var resumed = await client.SendEventAsync("ticket.acknowledged", correlationId: "T-42");

        resumed["status"]!.GetValue<string>().ShouldBe("delivered");
        var instance = await client.GetJsonAsync($"/api/workflow-instances/{waiting["id"]!.GetValue<string>()}");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        instance["version"]!.GetValue<int>().ShouldBe(1);
        instance["variables"]!["FinishedBy"]!.GetValue<string>().ShouldBe("v1");
        api.Lines.ShouldBe(["v1: paging on-call", "v1: acknowledged"]);
        var fresh = await client.StartRunAsync("escalation");
        fresh["version"]!.GetValue<int>().ShouldBe(2);
    }
}

/// <summary>Versions over time: triggers follow the published version, running instances stay on theirs.</summary>
public sealed class VersioningTests : DurableVersioningTests
{
    private protected override Task<ApiFactory> StartApiAsync() => Task.FromResult(new ApiFactory());

    /// <summary>Starts on <c>ticket.created</c>, records which version ran and the ticket it got.</summary>
    private static JsonObject OnTicket(string version) => Flows.Chain(
        "on-ticket",
        "On ticket created",
        [
            Flows.TriggerEvent("created", "ticket.created", resultVariable: "Ticket"),
            Flows.SetVariable("mark", "RanVersion", Flows.Literal(version)),
            Flows.WriteLine("say", $"{version} handled a ticket"),
        ],
        [Flows.Variable("Ticket", "Object"), Flows.Variable("RanVersion")]);

    [Fact]
    public async Task Publish_NewVersion_EventTriggerStartsTheNewVersion()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(OnTicket("v1"), publish: true);
        await client.SendEventAsync("ticket.created", new { ticketId = "T-1" });

        await client.SaveAsync(OnTicket("v2"));
        await client.SendEventAsync("ticket.created", new { ticketId = "T-2" });
        await client.PublishAsync("on-ticket");
        await client.SendEventAsync("ticket.created", new { ticketId = "T-3" });

        api.Lines.ShouldBe(["v1 handled a ticket", "v1 handled a ticket", "v2 handled a ticket"]);
        var runs = new List<(int Version, string? RanVersion, string? Ticket)>();
        foreach (var item in await client.InstancesOfAsync("on-ticket"))
        {
            var instance = await client.GetJsonAsync($"/api/workflow-instances/{item!["id"]!.GetValue<string>()}");
            runs.Add((instance["version"]!.GetValue<int>(), instance["variables"]!["RanVersion"]?.GetValue<string>(), instance["variables"]!["Ticket"]?["ticketId"]?.GetValue<string>()));
        }

        runs.OrderBy(r => r.Ticket, StringComparer.Ordinal).ShouldBe([(1, "v1", "T-1"), (1, "v1", "T-2"), (2, "v2", "T-3")]);
    }

    [Fact]
    public async Task Retract_PublishedDefinition_EventNoLongerStartsRuns()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(OnTicket("v1"), publish: true);
        (await client.SendEventAsync("ticket.created"))["status"]!.GetValue<string>().ShouldBe("delivered");

        (await client.PostJsonAsync("/api/workflow-definitions/on-ticket/retract", null)).EnsureSuccessStatusCode();
        var afterRetract = await client.SendEventAsync("ticket.created");

        afterRetract["status"]!.GetValue<string>().ShouldBe("pending");
        (await client.InstancesOfAsync("on-ticket")).Count.ShouldBe(1);
        api.Lines.ShouldBe(["v1 handled a ticket"]);
    }

    [Fact]
    public async Task Revert_ThenPublish_RunsTheRevertedJsonAsTheNewVersion()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(OnTicket("v1"), publish: true);
        await client.SaveAsync(OnTicket("v2"), publish: true);

        (await client.PostJsonAsync("/api/workflow-definitions/on-ticket/revert", new { version = 1 })).EnsureSuccessStatusCode();
        await client.PublishAsync("on-ticket", note: "back to v1's behaviour");
        await client.SendEventAsync("ticket.created");

        var instance = (await client.InstancesOfAsync("on-ticket")).ShouldHaveSingleItem()!;
        instance["version"]!.GetValue<int>().ShouldBe(3);
        api.Lines.ShouldBe(["v1 handled a ticket"]);
    }
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresVersioningTests(PostgresServer server) : DurableVersioningTests
{
    private protected override Task<ApiFactory> StartApiAsync() => ApiFactory.OnPostgresAsync(server);
}
