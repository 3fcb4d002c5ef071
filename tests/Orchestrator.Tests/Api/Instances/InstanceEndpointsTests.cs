using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Persistence;

namespace Orchestrator.Tests.Api.Instances;

/// <summary>
/// What the durable host promises about retrying instances on either database, over its real HTTP API: SQLite in
/// <see cref="InstanceEndpointsTests"/>, PostgreSQL in <see cref="PostgresInstanceEndpointsTests"/>.
/// </summary>
public abstract class DurableInstanceEndpointsTests
{
    /// <summary>Syncs to a CRM that is down until 10:00 (by the workflow clock): a fault that a later retry gets past.</summary>
    private static JsonObject CrmSync() => Flows.Chain(
        "crm-sync",
        "CRM sync",
        [
            Flows.WriteLine("before", "syncing"),
            Flows.Activity("sync", "Elsa.RunJavaScript", ("script", Flows.Js("if (Date.now() < Date.parse('2026-11-02T10:00:00Z')) { throw new Error('CRM unreachable'); } setVariable('Synced', true);", "String"))),
            Flows.WriteLine("after", "synced"),
        ],
        [Flows.Variable("Synced", "Boolean", "false")]);

    /// <summary>A host on a fresh database of this class's provider.</summary>
    private protected abstract Task<ApiFactory> StartApiAsync();

    [Fact]
    public async Task Retry_FaultedInstance_RerunsTheFaultedActivityAndFinishesOnceTheCauseIsGone()
    {
        await using var api = await StartApiAsync();
        using var client = api.Client();
        await client.SaveAsync(CrmSync(), publish: true);
        var faulted = await client.StartRunAsync("crm-sync");
        var id = faulted["id"]!.GetValue<string>();
        faulted["subStatus"]!.GetValue<string>().ShouldBe("Faulted");
        var incident = faulted["incidents"]!.AsArray().ShouldHaveSingleItem()!;
        incident["activityId"]!.GetValue<string>().ShouldBe("sync");
        incident["message"]!.GetValue<string>().ShouldContain("CRM unreachable");

        using var stillDown = await client.PostJsonAsync($"/api/workflow-instances/{id}/retry", null);
        (await stillDown.ReadJsonAsync())["subStatus"]!.GetValue<string>().ShouldBe("Faulted");
        api.Clock.Advance(TimeSpan.FromHours(1));
        using var response = await client.PostJsonAsync($"/api/workflow-instances/{id}/retry", null);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        var instance = await client.GetJsonAsync($"/api/workflow-instances/{id}");
        instance["variables"]!["Synced"]!.GetValue<bool>().ShouldBeTrue();
        instance["incidents"]!.AsArray().ShouldAllBe(i => i!["resolved"]!.GetValue<bool>());
        var journal = (await client.GetJsonAsync($"/api/workflow-instances/{id}/journal")).AsArray()
            .Select(e => $"{e!["activityId"]!.GetValue<string>()}:{e["event"]!.GetValue<string>()}").ToList();
        journal.Count(e => e == "sync:Retried").ShouldBe(2);
        journal.Count(e => e == "sync:Faulted").ShouldBe(2);
        journal.ShouldContain("sync:Completed");
        api.Lines.ShouldBe(["syncing", "synced"]);
    }
}

/// <summary>Starting runs and reading, cancelling and retrying instances over HTTP.</summary>
public sealed class InstanceEndpointsTests : DurableInstanceEndpointsTests
{
    private protected override Task<ApiFactory> StartApiAsync() => Task.FromResult(new ApiFactory());

    private static JsonObject Greeter() => Flows.Chain(
        "greeter",
        "Greeter",
        [
            Flows.SetVariable("greet", "Greeting", Flows.Js("`Hello ${getInput('Customer')}`", "String")),
            Flows.WriteLine("say", "greeted"),
        ],
        [Flows.Variable("Greeting")]);

    private static JsonObject Waiter() => Flows.Chain("waiter", "Waiter", [Flows.WriteLine("before", "waiting"), Flows.Event("wait", "go"), Flows.WriteLine("after", "went")]);

    [Fact]
    public async Task StartRun_PublishedDefinition_Returns202AndRunsWithInputAndCorrelation()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Greeter(), publish: true);

        using var response = await client.PostJsonAsync("/api/workflow-definitions/greeter/runs", new { input = new JsonObject { ["Customer"] = "Acme" }, correlationId = "ACC-7" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var instanceId = (await response.ReadJsonAsync())["instanceId"]!.GetValue<string>();
        response.Headers.Location!.OriginalString.ShouldBe($"/api/workflow-instances/{instanceId}");
        var instance = await client.GetJsonAsync($"/api/workflow-instances/{instanceId}");
        instance["status"]!.GetValue<string>().ShouldBe("Finished");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        instance["definitionId"]!.GetValue<string>().ShouldBe("greeter");
        instance["version"]!.GetValue<int>().ShouldBe(1);
        instance["correlationId"]!.GetValue<string>().ShouldBe("ACC-7");
        instance["input"]!["Customer"]!.GetValue<string>().ShouldBe("Acme");
        instance["variables"]!["Greeting"]!.GetValue<string>().ShouldBe("Hello Acme");
        instance["bookmarks"]!.AsArray().ShouldBeEmpty();
        instance["incidents"]!.AsArray().ShouldBeEmpty();
        instance["createdAt"]!.GetValue<DateTimeOffset>().ShouldBe(api.Clock.GetUtcNow());
        instance["finishedAt"]!.GetValue<DateTimeOffset>().ShouldBe(api.Clock.GetUtcNow());
        api.Lines.ShouldBe(["greeted"]);
    }

    [Fact]
    public async Task StartRun_OnlyADraft_Returns409()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Greeter());

        using var response = await client.PostJsonAsync("/api/workflow-definitions/greeter/runs", new { });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Get_SuspendedInstance_ShowsItsBookmark()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Waiter(), publish: true);

        var instance = await client.StartRunAsync("waiter", correlationId: "C-1");

        instance["status"]!.GetValue<string>().ShouldBe("Running");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Suspended");
        instance["finishedAt"].ShouldBeNull();
        var bookmark = instance["bookmarks"]!.AsArray().ShouldHaveSingleItem()!;
        bookmark["name"]!.GetValue<string>().ShouldBe("Elsa.Event");
        bookmark["activityId"]!.GetValue<string>().ShouldBe("wait");
        bookmark["key"]!.GetValue<string>().ShouldBe("go");
        bookmark["dueAt"].ShouldBeNull();
        bookmark["id"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Get_UnknownInstance_Returns404Problem()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.GetPathAsync("/api/workflow-instances/nope");

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldContain("'nope'");
    }

    [Fact]
    public async Task List_Filters_SelectByDefinitionStatusAndCorrelationAndPageNewestFirst()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Greeter(), publish: true);
        await client.SaveAsync(Waiter(), publish: true);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await client.StartRunAsync("waiter", correlationId: $"C-{i}"))["id"]!.GetValue<string>());
            api.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await client.StartRunAsync("greeter", correlationId: "C-0");

        var suspended = await client.GetJsonAsync("/api/workflow-instances?status=suspended&page=1&pageSize=2");
        var secondPage = await client.GetJsonAsync("/api/workflow-instances?status=Suspended&page=2&pageSize=2");
        var finished = await client.GetJsonAsync("/api/workflow-instances?status=Finished");
        var correlated = await client.GetJsonAsync("/api/workflow-instances?correlationId=C-0&definitionId=waiter");

        suspended["total"]!.GetValue<int>().ShouldBe(3);
        suspended["page"]!.GetValue<int>().ShouldBe(1);
        suspended["pageSize"]!.GetValue<int>().ShouldBe(2);
        suspended["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ShouldBe([ids[2], ids[1]]);
        secondPage["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ShouldBe([ids[0]]);
        finished["items"]!.AsArray().ShouldHaveSingleItem()!["definitionId"]!.GetValue<string>().ShouldBe("greeter");
        var only = correlated["items"]!.AsArray().ShouldHaveSingleItem()!;
        only["id"]!.GetValue<string>().ShouldBe(ids[0]);
        only["subStatus"]!.GetValue<string>().ShouldBe("Suspended");
        only["version"]!.GetValue<int>().ShouldBe(1);
    }

    [Theory]
    [InlineData("status=Sleeping", "status")]
    [InlineData("status=2", "status")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=1000", "pageSize")]
    public async Task List_InvalidQuery_Returns400NamingTheField(string query, string field)
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.GetPathAsync($"/api/workflow-instances?{query}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task Journal_ResumedRun_ListsWhatRanInOrder()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Waiter(), publish: true);
        var id = (await client.StartRunAsync("waiter"))["id"]!.GetValue<string>();
        await client.SendEventAsync("go");

        var journal = (await client.GetJsonAsync($"/api/workflow-instances/{id}/journal")).AsArray();

        var sequences = journal.Select(e => e!["sequence"]!.GetValue<long>()).ToList();
        sequences.ShouldBe(sequences.Order().ToList());
        var events = journal.Select(e => $"{e!["activityId"]!.GetValue<string>()}:{e["event"]!.GetValue<string>()}").ToList();
        events.ShouldContain("wait:Suspended");
        events.ShouldContain("wait:Resumed");
        events.IndexOf("before:Completed").ShouldBeLessThan(events.IndexOf("wait:Suspended"));
        events.IndexOf("wait:Resumed").ShouldBeLessThan(events.IndexOf("after:Completed"));
        journal.Last()!["event"]!.GetValue<string>().ShouldBe("WorkflowFinished");
        journal.First()!["activityType"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Journal_UnknownInstance_Returns404()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.GetPathAsync("/api/workflow-instances/nope/journal");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cancel_SuspendedInstance_CancelsItAndItsBookmarks()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Waiter(), publish: true);
        var id = (await client.StartRunAsync("waiter"))["id"]!.GetValue<string>();

        using var response = await client.PostJsonAsync($"/api/workflow-instances/{id}/cancel", null);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["subStatus"]!.GetValue<string>().ShouldBe("Cancelled");
        var instance = await client.GetJsonAsync($"/api/workflow-instances/{id}");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Cancelled");
        instance["bookmarks"]!.AsArray().ShouldBeEmpty();
        (await client.SendEventAsync("go"))["status"]!.GetValue<string>().ShouldBe("pending");
        api.Lines.ShouldBe(["waiting"]);
    }

    [Fact]
    public async Task Cancel_FinishedInstance_Returns409()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Greeter(), publish: true);
        var id = (await client.StartRunAsync("greeter"))["id"]!.GetValue<string>();

        using var response = await client.PostJsonAsync($"/api/workflow-instances/{id}/cancel", null);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Retry_InstanceThatIsNotFaulted_Returns409()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Waiter(), publish: true);
        var id = (await client.StartRunAsync("waiter"))["id"]!.GetValue<string>();

        using var response = await client.PostJsonAsync($"/api/workflow-instances/{id}/retry", null);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("only a faulted instance can be retried");
    }

    [Fact]
    public async Task Retry_UnknownInstance_Returns404()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostJsonAsync("/api/workflow-instances/nope/retry", null);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresInstanceEndpointsTests(PostgresServer server) : DurableInstanceEndpointsTests
{
    private protected override Task<ApiFactory> StartApiAsync() => ApiFactory.OnPostgresAsync(server);
}
