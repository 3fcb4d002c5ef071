using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Activities.Composition;

/// <summary>Elsa.ExecuteWorkflow and Elsa.DispatchWorkflow: child instances, waited for through bookmarks.</summary>
public sealed class ChildWorkflowTests
{
    [Fact]
    public async Task ExecuteWorkflow_ChildThatFinishes_ParentContinuesInTheSameBurst()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(FinishingChild());
        var parent = await harness.ImportAsync(Parent("Elsa.ExecuteWorkflow"));

        var result = await harness.Runtime.StartAsync(parent, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        result.Changes.BookmarksAdded.ShouldBeEmpty();
        harness.Lines.ShouldBe(["parent before", "child got Ada", "parent after"]);
        var childResult = result.Instance.GetVariables()["ChildResult"].ShouldBeOfType<JsonObject>();
        childResult["status"]!.GetValue<string>().ShouldBe("Finished");
        childResult["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        childResult["output"]!["Answer"]!.GetValue<int>().ShouldBe(42);
        var childId = childResult["workflowInstanceId"]!.GetValue<string>();
        var child = (await harness.Runtime.Instances.FindAsync(childId, TestContext.Current.CancellationToken)).ShouldNotBeNull();
        child.DefinitionId.ShouldBe("child");
        child.ParentInstanceId.ShouldBe(result.Instance.Id);
        child.CorrelationId.ShouldBe("corr-1");
        child.Output["Answer"].ShouldBe(42);
    }

    [Fact]
    public async Task ExecuteWorkflow_ChildThatSuspends_ParentResumesWhenTheChildFinishes()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(WaitingChild());
        var parent = await harness.ImportAsync(Parent("Elsa.ExecuteWorkflow"));

        var result = await harness.Runtime.StartAsync(parent, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        var bookmark = result.Changes.BookmarksAdded.ShouldHaveSingleItem();
        bookmark.Name.ShouldBe("Elsa.ExecuteWorkflow");
        var child = (await harness.Runtime.Instances.FindAsync(bookmark.Key!, TestContext.Current.CancellationToken)).ShouldNotBeNull();
        child.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        harness.Lines.ShouldBe(["parent before", "child waiting for Ada"]);

        await harness.Runtime.PublishEventAsync("child.go", null, "go", TestContext.Current.CancellationToken);

        child.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        result.Instance.Bookmarks.ShouldBeEmpty();
        harness.Lines.ShouldBe(["parent before", "child waiting for Ada", "child done", "parent after"]);
        var childResult = result.Instance.GetVariables()["ChildResult"].ShouldBeOfType<JsonObject>();
        childResult["workflowInstanceId"]!.GetValue<string>().ShouldBe(child.Id);
        childResult["status"]!.GetValue<string>().ShouldBe("Finished");
        childResult["output"]!["Answer"]!.GetValue<string>().ShouldBe("go");
    }

    [Fact]
    public async Task ExecuteWorkflow_WithoutWaiting_ParentGoesOnWhileTheChildWaits()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(WaitingChild());
        var parent = await harness.ImportAsync(Parent("Elsa.ExecuteWorkflow", waitForCompletion: false));

        var instance = await harness.RunAsync(parent);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.GetVariables()["ChildResult"].ShouldBeOfType<JsonObject>()["status"]!.GetValue<string>().ShouldBe("Running");
        harness.Lines.ShouldBe(["parent before", "child waiting for Ada", "parent after"]);
    }

    [Fact]
    public async Task ExecuteWorkflow_ChildCancelled_ParentResumesWithTheCancelledStatus()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(WaitingChild());
        var parent = await harness.ImportAsync(Parent("Elsa.ExecuteWorkflow"));
        var result = await harness.Runtime.StartAsync(parent, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        var childId = result.Changes.BookmarksAdded.ShouldHaveSingleItem().Key!;

        await harness.Runtime.CancelAsync(childId, TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        var childResult = result.Instance.GetVariables()["ChildResult"].ShouldBeOfType<JsonObject>();
        childResult["subStatus"]!.GetValue<string>().ShouldBe("Cancelled");
        harness.Lines.ShouldBe(["parent before", "child waiting for Ada", "parent after"]);
    }

    [Fact]
    public async Task ExecuteWorkflow_UnpublishedChild_FaultsTheParent()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(FinishingChild(), publish: false);
        var parent = await harness.ImportAsync(Parent("Elsa.ExecuteWorkflow"));

        var instance = await harness.RunAsync(parent);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("child");
        incident.Message.ShouldContain("no published workflow 'child'");
    }

    [Fact]
    public async Task DispatchWorkflow_WaitForCompletion_ParentResumesWhenTheDispatchedChildFinishes()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(FinishingChild());
        var parent = await harness.ImportAsync(Parent("Elsa.DispatchWorkflow"));

        var result = await harness.Runtime.StartAsync(parent, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        var dispatch = result.Changes.Dispatches.ShouldHaveSingleItem();
        dispatch.DefinitionId.ShouldBe("child");
        dispatch.WaitForCompletion.ShouldBeTrue();
        dispatch.ParentInstanceId.ShouldBe(result.Instance.Id);
        dispatch.CorrelationId.ShouldBe("corr-1");
        dispatch.Input["Name"].ShouldBe("Ada");
        result.Changes.BookmarksAdded.ShouldHaveSingleItem().Key.ShouldBe(dispatch.ChildInstanceId);
        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["parent before", "child got Ada", "parent after"]);
        var childResult = result.Instance.GetVariables()["ChildResult"].ShouldBeOfType<JsonObject>();
        childResult["workflowInstanceId"]!.GetValue<string>().ShouldBe(dispatch.ChildInstanceId);
        childResult["status"]!.GetValue<string>().ShouldBe("Finished");
        childResult["output"]!["Answer"]!.GetValue<int>().ShouldBe(42);
    }

    [Fact]
    public async Task DispatchWorkflow_WaitForCompletionOnAChildThatSuspends_WaitsForIt()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(WaitingChild());
        var parent = await harness.ImportAsync(Parent("Elsa.DispatchWorkflow"));
        var instance = await harness.RunAsync(parent);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        harness.Lines.ShouldBe(["parent before", "child waiting for Ada"]);

        await harness.Runtime.PublishEventAsync("child.go", null, "later", TestContext.Current.CancellationToken);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["parent before", "child waiting for Ada", "child done", "parent after"]);
        instance.GetVariables()["ChildResult"].ShouldBeOfType<JsonObject>()["output"]!["Answer"]!.GetValue<string>().ShouldBe("later");
    }

    [Fact]
    public async Task DispatchWorkflow_WithoutWaiting_CompletesWithTheChildInstanceId()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(FinishingChild());
        var parent = await harness.ImportAsync(Parent("Elsa.DispatchWorkflow", waitForCompletion: false));

        var result = await harness.Runtime.StartAsync(parent, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Changes.BookmarksAdded.ShouldBeEmpty();
        var dispatch = result.Changes.Dispatches.ShouldHaveSingleItem();
        result.Instance.GetVariables()["ChildResult"].ShouldBe(dispatch.ChildInstanceId);
        (await harness.Runtime.Instances.FindAsync(dispatch.ChildInstanceId, TestContext.Current.CancellationToken)).ShouldNotBeNull().SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["parent before", "parent after", "child got Ada"]);
    }

    /// <summary>Writes its Name input and sets output Answer = 42.</summary>
    private static string FinishingChild() => Wf.Definition(
        Wf.Flowchart(
            [
                Wf.Activity("show", "Elsa.WriteLine", ("text", Wf.Liquid("child got {{ Input.Name }}"))),
                Wf.Activity("answer", "Elsa.SetOutput", ("outputName", Wf.Literal("Answer")), ("outputValue", Wf.Literal(42, "Int32"))),
            ],
            [("show", "Done", "answer")]),
        name: "Child",
        definitionId: "child",
        outputs: [new JsonObject { ["name"] = "Answer", ["type"] = "Object" }]);

    /// <summary>Writes, waits for child.go and sets output Answer to its payload.</summary>
    private static string WaitingChild() => Wf.Definition(
        Wf.Flowchart(
            [
                Wf.Activity("show", "Elsa.WriteLine", ("text", Wf.Liquid("child waiting for {{ Input.Name }}"))),
                Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("child.go")), ("result", Wf.BindTo("Answer"))),
                Wf.WriteLine("done", "child done"),
            ],
            [("show", "Done", "wait"), ("wait", "Done", "done")]),
        name: "Child",
        definitionId: "child",
        outputs: [new JsonObject { ["name"] = "Answer", ["type"] = "Object" }]);

    private static string Parent(string activityType, bool waitForCompletion = true) => Wf.Definition(
        Wf.Flowchart(
            [
                Wf.WriteLine("before", "parent before"),
                Wf.Activity(
                    "child",
                    activityType,
                    ("workflowDefinitionId", Wf.Literal("child")),
                    ("input", Wf.Object("""{"Name": "Ada"}""")),
                    ("correlationId", Wf.Literal("corr-1")),
                    ("waitForCompletion", Wf.Literal(waitForCompletion, "Boolean")),
                    ("result", Wf.BindTo("ChildResult"))),
                Wf.WriteLine("after", "parent after"),
            ],
            [("before", "Done", "child"), ("child", "Done", "after")]),
        variables: [Wf.Variable("ChildResult")],
        name: "Parent",
        definitionId: "parent");
}
