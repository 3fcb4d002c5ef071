using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

public sealed class FlowForkTests
{
    [Fact]
    public async Task Fork_ThreeBranches_RunsEveryConnectedBranch()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Fork("Fork", "One", "Two", "Three"), Wf.WriteLine("W1", "One"), Wf.WriteLine("W2", "Two"), Wf.WriteLine("W3", "Three")],
            [("Fork", "One", "W1"), ("Fork", "Two", "W2"), ("Fork", "Three", "W3")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["One", "Two", "Three"], ignoreOrder: true);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Fork_UnconnectedBranch_IsSkipped()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Fork("Fork", "One", "Two", "Three"), Wf.WriteLine("W1", "One"), Wf.WriteLine("W3", "Three")],
            [("Fork", "One", "W1"), ("Fork", "Three", "W3")]);

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["One", "Three"], ignoreOrder: true);
    }

    [Fact]
    public async Task Fork_BranchesWaiting_FlowchartWaitsForEveryBranch()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart(
            [Fork("Fork", "Left", "Right"), Delay("Wait", "00:10:00"), Wf.WriteLine("L", "left"), Wf.WriteLine("R", "right")],
            [("Fork", "Left", "Wait"), ("Wait", "Done", "L"), ("Fork", "Right", "R")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["right"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);

        instance = await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["right", "left"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    private static JsonObject Fork(string id, params string[] branches) =>
        Wf.Activity(id, "Elsa.FlowFork", ("branches", Wf.Object(new JsonArray([.. branches.Select(b => (JsonNode)b)]).ToJsonString(), "String[]")));
}
