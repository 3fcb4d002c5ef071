using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Primitives;

public sealed class CompleteTests
{
    [Fact]
    public async Task Complete_InRootFlowchart_FinishesWorkflowAndCancelsPendingWork()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Wf.WriteLine("A", "A"), Event("Wait", "never"), Wf.WriteLine("B", "B"), Complete("Close", "Approved")],
            [("A", "Done", "Wait"), ("Wait", "Done", "B"), ("A", "Done", "Close")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow, outcomes: ["Approved"]));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Bookmarks.ShouldBeEmpty();
        harness.Lines.ShouldBe(["A"]);
    }

    [Theory]
    [InlineData("Approved", "approved")]
    [InlineData("Rejected", "rejected")]
    public async Task Complete_InWorkflowUsedAsActivity_OutcomeBecomesPortInParent(string outcome, string expected)
    {
        await using var harness = new WorkflowHarness();
        var childFlow = Wf.Flowchart(
            [Wf.WriteLine("Review", "reviewing"), Complete("Close", outcome), Wf.WriteLine("Unreached", "unreached")],
            [("Review", "Done", "Close")],
            id: "ChildFlow");
        await harness.ImportAsync(Wf.Definition(childFlow, name: "Approval", outcomes: ["Approved", "Rejected"], usableAsActivity: true));
        var parent = Wf.Flowchart(
            [Wf.Activity("Ask", "Approval"), Wf.WriteLine("Yes", "approved"), Wf.WriteLine("No", "rejected"), Wf.WriteLine("Done", "done")],
            [("Ask", "Approved", "Yes"), ("Ask", "Rejected", "No"), ("Ask", "Done", "Done")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(parent, name: "Parent"));

        harness.Lines.ShouldBe(["reviewing", expected]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Complete_InWorkflowUsedAsActivity_CancelsChildWorkButNotParent()
    {
        await using var harness = new WorkflowHarness();
        var childFlow = Wf.Flowchart(
            [Wf.WriteLine("Start", "child"), Delay("Wait", "01:00:00"), Wf.WriteLine("Late", "late"), Complete("Close", "Approved")],
            [("Start", "Done", "Wait"), ("Wait", "Done", "Late"), ("Start", "Done", "Close")],
            id: "ChildFlow");
        await harness.ImportAsync(Wf.Definition(childFlow, name: "Approval", outcomes: ["Approved"], usableAsActivity: true));
        var parent = Wf.Flowchart(
            [Wf.Activity("Ask", "Approval"), Wf.WriteLine("Yes", "approved"), Event("Other", "other")],
            [("Ask", "Approved", "Yes"), ("Yes", "Done", "Other")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(parent, name: "Parent"));

        harness.Lines.ShouldBe(["child", "approved"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        instance.Bookmarks.ShouldHaveSingleItem().ActivityId.ShouldBe("Other");
    }

    [Fact]
    public async Task Complete_NoOutcomes_CompletesWithDone()
    {
        await using var harness = new WorkflowHarness();
        var childFlow = Wf.Flowchart([Wf.Activity("Close", "Elsa.Complete")], id: "ChildFlow");
        await harness.ImportAsync(Wf.Definition(childFlow, name: "Step", usableAsActivity: true));
        var parent = Wf.Flowchart([Wf.Activity("Run", "Step"), Wf.WriteLine("Next", "next")], [("Run", "Done", "Next")]);

        await harness.RunJsonAsync(Wf.Definition(parent, name: "Parent"));

        harness.Lines.ShouldBe(["next"]);
    }

    private static JsonObject Complete(string id, params string[] outcomes) =>
        Wf.Activity(id, "Elsa.Complete", ("outcomes", Wf.Object(new JsonArray([.. outcomes.Select(o => (JsonNode)o)]).ToJsonString(), "String[]")));
}
