using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Orchestrator.Stimuli;
using Orchestrator.Tests.Persistence;
using Quartz;

namespace Orchestrator.Tests.Api.Stimuli;

/// <summary>
/// What the durable host promises about events on either database, over its real HTTP API: SQLite in
/// <see cref="StimuliEndpointsTests"/>, PostgreSQL in <see cref="PostgresStimuliEndpointsTests"/>.
/// </summary>
public abstract class DurableStimuliEndpointsTests
{
    /// <summary>Counts <c>ping</c> events for ever: each one resumes the wait, adds one, and waits again.</summary>
    private static JsonObject PingCounter() => Flows.Definition(
        "ping-counter",
        "Ping counter",
        [
            Flows.WriteLine("start", "counting"),
            Flows.Event("ping", "ping"),
            Flows.SetVariable("count", "Count", Flows.Js("getVariable('Count') + 1", "Int32")),
        ],
        [("start", "Done", "ping"), ("ping", "Done", "count"), ("count", "Done", "ping")],
        [Flows.Variable("Count", "Int32", "0")]);

    /// <summary>A host on a fresh database of this class's provider.</summary>
    private protected abstract Task<ApiFactory> StartApiAsync();

    [Fact]
    public async Task PublishEvent_100ConcurrentPostsWithOneDedupeKey_ResumeTheWaitingInstanceOnce()
    {
        await using var api = await StartApiAsync();
        using var client = api.Client();
        await client.SaveAsync(PingCounter(), publish: true);
        var id = (await client.StartRunAsync("ping-counter"))["id"]!.GetValue<string>();

        var posts = Enumerable.Range(0, 100).Select(_ => client.PostJsonAsync("/api/events/ping", new { dedupeKey = "webhook-delivery-1", payload = new { n = 1 } }));
        var responses = await Task.WhenAll(posts);

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Accepted);
        var answers = new List<JsonNode>();
        foreach (var response in responses)
        {
            answers.Add(await response.ReadJsonAsync());
            response.Dispose();
        }

        answers.Count(a => a["status"]!.GetValue<string>() == "delivered").ShouldBe(1);
        answers.Count(a => a["status"]!.GetValue<string>() == "duplicate").ShouldBe(99);
        answers.Select(a => a["stimulusId"]!.GetValue<string>()).Distinct().ShouldHaveSingleItem();
        var instance = await client.GetJsonAsync($"/api/workflow-instances/{id}");
        instance["variables"]!["Count"]!.GetValue<int>().ShouldBe(1);
        instance["subStatus"]!.GetValue<string>().ShouldBe("Suspended");
        var journal = (await client.GetJsonAsync($"/api/workflow-instances/{id}/journal")).AsArray();
        journal.Count(e => e!["activityId"]!.GetValue<string>() == "ping" && e["event"]!.GetValue<string>() == "Resumed").ShouldBe(1);

        await client.SendEventAsync("ping", dedupeKey: "webhook-delivery-2");
        (await client.GetJsonAsync($"/api/workflow-instances/{id}"))["variables"]!["Count"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task PublishEvent_BeforeItsBookmarkIsMade_IsDeliveredWhenTheBookmarkAppears()
    {
        await using var api = await StartApiAsync();
        using var client = api.Client();
        await client.SaveAsync(Flows.Chain("handoff", "Handoff", [Flows.Event("offered", "handoff.offered"), Flows.Event("accepted", "handoff.accepted"), Flows.WriteLine("done", "handed off")]), publish: true);
        var id = (await client.StartRunAsync("handoff", correlationId: "T-5"))["id"]!.GetValue<string>();
        var finished = WhenFinished(api, id);

        var early = await client.SendEventAsync("handoff.accepted", correlationId: "T-5");
        await client.SendEventAsync("handoff.offered", correlationId: "T-5");

        early["status"]!.GetValue<string>().ShouldBe("pending");
        (await finished.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        api.Lines.ShouldBe(["handed off"]);
    }

    /// <summary>Completes when the instance's committed state is finished, whichever burst (and thread) gets it there.</summary>
    private static Task<WorkflowInstance> WhenFinished(ApiFactory api, string instanceId)
    {
        var runtime = api.Services.GetRequiredService<WorkflowRuntime>();
        var finished = new TaskCompletionSource<WorkflowInstance>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(RunResult result)
        {
            if (result.Instance.Id == instanceId && result.Instance.IsFinished)
            {
                runtime.BurstCommitted -= Watch;
                finished.TrySetResult(result.Instance);
            }
        }

        runtime.BurstCommitted += Watch;
        return finished.Task;
    }
}

/// <summary>Events and task completions: inbox first, once per dedupe key, then delivered; early ones are not lost.</summary>
public sealed class StimuliEndpointsTests : DurableStimuliEndpointsTests
{
    private protected override Task<ApiFactory> StartApiAsync() => Task.FromResult(new ApiFactory());

    [Fact]
    public async Task PublishEvent_WaitingInstances_ResumesOnlyTheCorrelatedOne()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Flows.Chain("ack", "Ack", [Flows.Event("wait", "ticket.acknowledged"), Flows.WriteLine("done", "acknowledged")]), publish: true);
        var first = (await client.StartRunAsync("ack", correlationId: "T-1"))["id"]!.GetValue<string>();
        var second = (await client.StartRunAsync("ack", correlationId: "T-2"))["id"]!.GetValue<string>();

        var accepted = await client.SendEventAsync("ticket.acknowledged", new { by = "amy" }, correlationId: "T-2");

        accepted["status"]!.GetValue<string>().ShouldBe("delivered");
        accepted["stimulusId"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        (await client.GetJsonAsync($"/api/workflow-instances/{first}"))["subStatus"]!.GetValue<string>().ShouldBe("Suspended");
        (await client.GetJsonAsync($"/api/workflow-instances/{second}"))["subStatus"]!.GetValue<string>().ShouldBe("Finished");
    }

    [Fact]
    public async Task PublishEvent_BeforeAnyBookmarkExists_StartsTheWorkflowThatTriggersOnIt()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(
            Flows.Chain(
                "intake",
                "Ticket intake",
                [Flows.TriggerEvent("created", "ticket.created", resultVariable: "Ticket"), Flows.WriteLine("say", "triaging")],
                [Flows.Variable("Ticket", "Object")]),
            publish: true);
        (await client.InstancesOfAsync("intake")).ShouldBeEmpty();

        var accepted = await client.SendEventAsync("ticket.created", new { ticketId = "T-9", priority = "P1" }, correlationId: "T-9", dedupeKey: "zendesk-1");

        accepted["status"]!.GetValue<string>().ShouldBe("delivered");
        var started = (await client.InstancesOfAsync("intake")).ShouldHaveSingleItem()!;
        started["correlationId"]!.GetValue<string>().ShouldBe("T-9");
        var instance = await client.GetJsonAsync($"/api/workflow-instances/{started["id"]!.GetValue<string>()}");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        instance["variables"]!["Ticket"]!["priority"]!.GetValue<string>().ShouldBe("P1");
        api.Lines.ShouldBe(["triaging"]);
    }

    [Fact]
    public async Task PublishEvent_OlderThanTheRedeliveryWindow_IsNotDelivered()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Flows.Chain("handoff", "Handoff", [Flows.Event("offered", "handoff.offered"), Flows.Event("accepted", "handoff.accepted"), Flows.WriteLine("done", "handed off")]), publish: true);
        var id = (await client.StartRunAsync("handoff", correlationId: "T-6"))["id"]!.GetValue<string>();
        await client.SendEventAsync("handoff.accepted", correlationId: "T-6");

        api.Clock.Advance(new StimuliOptions().RedeliveryWindow + TimeSpan.FromSeconds(1));
        await client.SendEventAsync("handoff.offered", correlationId: "T-6");
        await api.Services.GetRequiredService<StimulusProcessor>().RedeliverAsync(StimulusKind.Event, "handoff.accepted");

        (await client.GetJsonAsync($"/api/workflow-instances/{id}"))["subStatus"]!.GetValue<string>().ShouldBe("Suspended");
        api.Lines.ShouldBeEmpty();
    }

    [Fact]
    public async Task RedeliverAll_AtStartAfterLongDowntime_DeliversWhatWasNeverTriedButNotWhatFoundNothingLongAgo()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Flows.Chain("approval", "Approval", [Flows.Event("approved", "approved"), Flows.WriteLine("done", "approved")]), publish: true);
        await client.SaveAsync(Flows.Chain("handoff", "Handoff", [Flows.Event("offered", "handoff.offered"), Flows.Event("accepted", "handoff.accepted"), Flows.WriteLine("done", "handed off")]), publish: true);
        var approval = (await client.StartRunAsync("approval", correlationId: "A-1"))["id"]!.GetValue<string>();
        var handoff = (await client.StartRunAsync("handoff", correlationId: "T-6"))["id"]!.GetValue<string>();
        var processor = api.Services.GetRequiredService<StimulusProcessor>();

        // Taken in and answered, then the process stopped before delivering it: never tried.
        await processor.StoreAsync(StimulusKind.Event, "approved", "A-1", null, "approval-1");

        // Tried while nothing waited for it: only the window keeps it. Its bookmark appears after the window.
        await client.SendEventAsync("handoff.accepted", correlationId: "T-6");
        api.Clock.Advance(TimeSpan.FromMinutes(10));
        await client.SendEventAsync("handoff.offered", correlationId: "T-6");

        // Ten minutes on, far past the window, the start-up recovery runs.
        await processor.RedeliverAllAsync();

        (await client.GetJsonAsync($"/api/workflow-instances/{approval}"))["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        (await client.GetJsonAsync($"/api/workflow-instances/{handoff}"))["subStatus"]!.GetValue<string>().ShouldBe("Suspended");
        api.Lines.ShouldBe(["approved"]);
    }

    [Fact]
    public async Task CompleteTask_WaitingTask_ResumesWithTheResultOnce()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        var review = Flows.Activity(
            "review",
            "Elsa.RunTask",
            ("taskName", Flows.Literal("Review QBR deck")),
            ("result", new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "Review" } }));
        await client.SaveAsync(Flows.Chain("qbr", "QBR", [review, Flows.WriteLine("done", "reviewed")], [Flows.Variable("Review", "Object")]), publish: true);
        var waiting = await client.StartRunAsync("qbr");
        var taskId = waiting["bookmarks"]![0]!["key"]!.GetValue<string>();

        using var response = await client.PostJsonAsync($"/api/tasks/{taskId}/complete", new { result = new { approved = true } });
        using var repeat = await client.PostJsonAsync($"/api/tasks/{taskId}/complete", new { result = new { approved = false } });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await response.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("delivered");
        await repeat.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await repeat.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("duplicate");
        var instance = await client.GetJsonAsync($"/api/workflow-instances/{waiting["id"]!.GetValue<string>()}");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        instance["variables"]!["Review"]!["approved"]!.GetValue<bool>().ShouldBeTrue();
        api.Lines.ShouldBe(["reviewed"]);
    }

    [Fact]
    public async Task CompleteTask_UnknownTask_IsKeptPending()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostJsonAsync("/api/tasks/no-such-task/complete", null);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await response.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("pending");
    }

    [Fact]
    public async Task PublishEvent_MalformedJson_Returns400NamingTheLine()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostRawAsync("/api/events/ping", "{\n  \"dedupeKey\": \"a\",\n  \"payload\": {\"n\": }\n}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("line 3, column");
    }
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresStimuliEndpointsTests(PostgresServer server) : DurableStimuliEndpointsTests
{
    [Fact]
    public async Task Host_GivenAPostgresConnectionString_KeepsWorkflowsAndSchedulesOnPostgres()
    {
        await using var api = await StartApiAsync();

        api.Services.GetRequiredService<Database>().IsPostgres.ShouldBeTrue();
        var scheduler = await api.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        var metadata = await scheduler.GetMetadata(TestContext.Current.CancellationToken);
        metadata.JobStoreClustered.ShouldBeTrue();
        metadata.JobStorePersistent.ShouldBeTrue();
    }

    private protected override Task<ApiFactory> StartApiAsync() => ApiFactory.OnPostgresAsync(server);
}
