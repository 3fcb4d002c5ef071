using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Activities.Events;

/// <summary>Elsa.Event, Elsa.PublishEvent and Elsa.RunTask against the in-memory runtime.</summary>
public sealed class EventActivityTests
{
    [Fact]
    public async Task PublishEvent_WaitingEvent_ResumesWithThePayloadBoundToAVariable()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunAsync(await harness.ImportAsync(WaitForAck()), correlationId: "T-1");
        var bookmark = instance.Bookmarks.ShouldHaveSingleItem();
        bookmark.Name.ShouldBe("Elsa.Event");
        bookmark.Key.ShouldBe("ticket.acknowledged");
        bookmark.CorrelationId.ShouldBe("T-1");

        var results = await harness.Runtime.PublishEventAsync("ticket.acknowledged", "T-1", new JsonObject { ["by"] = "ana" }, TestContext.Current.CancellationToken);

        results.ShouldHaveSingleItem().Instance.Id.ShouldBe(instance.Id);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.GetVariables()["Ack"].ShouldBeOfType<JsonObject>()["by"]!.GetValue<string>().ShouldBe("ana");
        instance.LastResult.ShouldBeOfType<JsonObject>();
        harness.Lines.ShouldBe(["paging", "acknowledged by ana"]);
    }

    [Fact]
    public async Task PublishEvent_OtherCorrelationId_DoesNotResume()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunAsync(await harness.ImportAsync(WaitForAck()), correlationId: "T-1");

        var results = await harness.Runtime.PublishEventAsync("ticket.acknowledged", "T-2", "payload", TestContext.Current.CancellationToken);

        results.ShouldBeEmpty();
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        instance.Bookmarks.ShouldHaveSingleItem();
        harness.Lines.ShouldBe(["paging"]);
    }

    [Fact]
    public async Task PublishEvent_CorrelationId_ResumesOnlyTheMatchingInstance()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(WaitForAck());
        var first = await harness.RunAsync(definition, correlationId: "T-1");
        var second = await harness.RunAsync(definition, correlationId: "T-2");

        var results = await harness.Runtime.PublishEventAsync("ticket.acknowledged", "T-2", new JsonObject { ["by"] = "bo" }, TestContext.Current.CancellationToken);

        results.ShouldHaveSingleItem().Instance.Id.ShouldBe(second.Id);
        first.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        second.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task PublishEvent_OtherName_DoesNotResume()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunAsync(await harness.ImportAsync(WaitForAck()), correlationId: "T-1");

        var results = await harness.Runtime.PublishEventAsync("ticket.closed", "T-1", null, TestContext.Current.CancellationToken);

        results.ShouldBeEmpty();
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
    }

    [Fact]
    public async Task PublishEvent_Twice_ResumesOnce()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunAsync(await harness.ImportAsync(WaitForAck()), correlationId: "T-1");

        await harness.Runtime.PublishEventAsync("ticket.acknowledged", "T-1", new JsonObject { ["by"] = "ana" }, TestContext.Current.CancellationToken);
        var again = await harness.Runtime.PublishEventAsync("ticket.acknowledged", "T-1", new JsonObject { ["by"] = "bo" }, TestContext.Current.CancellationToken);

        again.ShouldBeEmpty();
        instance.GetVariables()["Ack"].ShouldBeOfType<JsonObject>()["by"]!.GetValue<string>().ShouldBe("ana");
        harness.Lines.ShouldBe(["paging", "acknowledged by ana"]);
    }

    [Fact]
    public async Task PublishEvent_EventThatCanStartWorkflow_StartsANewInstanceThatCompletesTheEventAtOnce()
    {
        await using var harness = new WorkflowHarness();
        var start = Wf.Activity("placed", "Elsa.Event", ("eventName", Wf.Literal("order.placed")), ("result", Wf.BindTo("Order"))).WithCustom("canStartWorkflow", true);
        var definition = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [start, Wf.Activity("thanks", "Elsa.WriteLine", ("text", Wf.Liquid("thanks for {{ Variables.Order.id }} ({{ CorrelationId }})")))],
                [("placed", "Done", "thanks")]),
            variables: [Wf.Variable("Order")],
            name: "Order placed"));
        var trigger = (await harness.Runtime.Triggers.ListAsync(TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        var results = await harness.Runtime.PublishEventAsync("order.placed", "C-9", new JsonObject { ["id"] = "O-1" }, TestContext.Current.CancellationToken);

        trigger.DefinitionId.ShouldBe(definition.DefinitionId);
        trigger.Name.ShouldBe("Elsa.Event");
        trigger.Key.ShouldBe("order.placed");
        var started = results.ShouldHaveSingleItem().Instance;
        started.DefinitionId.ShouldBe(definition.DefinitionId);
        started.CorrelationId.ShouldBe("C-9");
        started.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        started.GetVariables()["Order"].ShouldBeOfType<JsonObject>()["id"]!.GetValue<string>().ShouldBe("O-1");
        results[0].Changes.BookmarksAdded.ShouldBeEmpty();
        harness.Lines.ShouldBe(["thanks for O-1 (C-9)"]);
    }

    [Fact]
    public async Task PublishEvent_TriggerOfAnUnpublishedDefinition_StartsNothing()
    {
        await using var harness = new WorkflowHarness();
        var start = Wf.Activity("placed", "Elsa.Event", ("eventName", Wf.Literal("order.placed"))).WithCustom("canStartWorkflow", true);
        await harness.ImportAsync(Wf.Definition(Wf.Flowchart([start])), publish: false);

        var results = await harness.Runtime.PublishEventAsync("order.placed", null, null, TestContext.Current.CancellationToken);

        results.ShouldBeEmpty();
        (await harness.Runtime.Instances.ListAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PublishEventActivity_ResumesAnotherInstanceAfterTheBurst()
    {
        await using var harness = new WorkflowHarness();
        var waiter = await harness.RunJsonAsync(Wf.Definition(
            Wf.Flowchart(
                [
                    Wf.WriteLine("ready", "waiter ready"),
                    Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("ping")), ("result", Wf.BindTo("Got"))),
                    Wf.Activity("got", "Elsa.WriteLine", ("text", Wf.Liquid("waiter got {{ Variables.Got }}"))),
                ],
                [("ready", "Done", "wait"), ("wait", "Done", "got")]),
            variables: [Wf.Variable("Got", "String")],
            name: "Waiter"));
        var publisher = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [
                    Wf.WriteLine("before", "publisher before"),
                    Wf.Activity("publish", "Elsa.PublishEvent", ("eventName", Wf.Literal("ping")), ("payload", Wf.Literal("pong"))),
                    Wf.WriteLine("after", "publisher after"),
                ],
                [("before", "Done", "publish"), ("publish", "Done", "after")]),
            name: "Publisher"));

        var result = await harness.Runtime.StartAsync(publisher, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        var published = result.Changes.PublishedEvents.ShouldHaveSingleItem();
        published.ShouldBe(new PublishedEvent("ping", null, "pong", null));
        waiter.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        waiter.GetVariables()["Got"].ShouldBe("pong");
        harness.Lines.ShouldBe(["waiter ready", "publisher before", "publisher after", "waiter got pong"]);
    }

    [Fact]
    public async Task PublishEventActivity_WithCorrelationId_ResumesOnlyTheCorrelatedInstance()
    {
        await using var harness = new WorkflowHarness();
        var waiter = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("ping"))), Wf.Activity("got", "Elsa.WriteLine", ("text", Wf.Liquid("{{ CorrelationId }} resumed")))],
                [("wait", "Done", "got")]),
            name: "Waiter"));
        var first = await harness.RunAsync(waiter, correlationId: "A");
        var second = await harness.RunAsync(waiter, correlationId: "B");

        await harness.RunJsonAsync(Wf.Definition(
            Wf.Flowchart([Wf.Activity("publish", "Elsa.PublishEvent", ("eventName", Wf.Literal("ping")), ("correlationId", Wf.Literal("B")))]),
            name: "Publisher"));

        first.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        second.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["B resumed"]);
    }

    [Fact]
    public async Task PublishEventActivity_IsLocal_ResumesOnlyItsOwnInstance()
    {
        await using var harness = new WorkflowHarness();
        var other = await harness.RunJsonAsync(Wf.Definition(
            Wf.Flowchart([Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("ping")))]),
            name: "Other"));
        var self = await harness.RunJsonAsync(Wf.Definition(
            Wf.Flowchart(
                [
                    Wf.Activity("publish", "Elsa.PublishEvent", ("eventName", Wf.Literal("ping")), ("isLocal", Wf.Literal(true, "Boolean"))),
                    Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("ping"))),
                    Wf.WriteLine("done", "self resumed"),
                ],
                [("publish", "Done", "wait"), ("wait", "Done", "done")]),
            name: "Self"));

        self.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        other.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        harness.Lines.ShouldBe(["self resumed"]);
    }

    [Fact]
    public async Task RunTask_Started_RequestsTheTaskAndWaits()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Review());

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        var task = result.Changes.TaskRequests.ShouldHaveSingleItem();
        task.TaskName.ShouldBe("review");
        task.ActivityId.ShouldBe("review");
        task.WorkflowInstanceId.ShouldBe(result.Instance.Id);
        task.Payload.ShouldBeOfType<JsonObject>()["ticket"]!.GetValue<string>().ShouldBe("T-1");
        var bookmark = result.Changes.BookmarksAdded.ShouldHaveSingleItem();
        bookmark.Name.ShouldBe("Elsa.RunTask");
        bookmark.Key.ShouldBe(task.TaskId);
    }

    [Fact]
    public async Task CompleteTask_WaitingTask_ResumesWithTheResult()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Review());
        var started = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        var taskId = started.Changes.TaskRequests.ShouldHaveSingleItem().TaskId;

        var results = await harness.Runtime.CompleteTaskAsync(taskId, "approved", TestContext.Current.CancellationToken);

        var resumed = results.ShouldHaveSingleItem().Instance;
        resumed.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        resumed.GetVariables()["Decision"].ShouldBe("approved");
        harness.Lines.ShouldBe(["decision: approved"]);
    }

    [Fact]
    public async Task CompleteTask_UnknownTaskId_ResumesNothing()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunJsonAsync(Review());

        var results = await harness.Runtime.CompleteTaskAsync("no-such-task", "approved", TestContext.Current.CancellationToken);

        results.ShouldBeEmpty();
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
    }

    /// <summary>page → wait for ticket.acknowledged (payload into Ack) → write who acknowledged.</summary>
    private static string WaitForAck() => Wf.Definition(
        Wf.Flowchart(
            [
                Wf.WriteLine("page", "paging"),
                Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("ticket.acknowledged")), ("result", Wf.BindTo("ack-id"))),
                Wf.Activity("done", "Elsa.WriteLine", ("text", Wf.Liquid("acknowledged by {{ Variables.Ack.by }}"))),
            ],
            [("page", "Done", "wait"), ("wait", "Done", "done")]),
        variables: [Wf.Variable("Ack", id: "ack-id")],
        name: "Acknowledge");

    private static string Review() => Wf.Definition(
        Wf.Flowchart(
            [
                Wf.Activity("review", "Elsa.RunTask", ("taskName", Wf.Literal("review")), ("payload", Wf.Object("""{"ticket": "T-1"}""")), ("result", Wf.BindTo("Decision"))),
                Wf.Activity("done", "Elsa.WriteLine", ("text", Wf.Liquid("decision: {{ Variables.Decision }}"))),
            ],
            [("review", "Done", "done")]),
        variables: [Wf.Variable("Decision", "String")],
        name: "Review");
}
