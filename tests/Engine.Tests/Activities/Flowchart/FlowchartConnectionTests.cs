using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

public sealed class FlowchartConnectionTests
{
    [Fact]
    public async Task FlatConnections_SourceAndTargetAsStrings_RunInOrder()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart([Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B"), Wf.WriteLine("C", "C")]);
        flow["connections"] = new JsonArray(Flat("A", "Done", "B"), Flat("B", "Done", "C"));

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "B", "C"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task FlatConnections_DecisionPorts_FollowTakenPort()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart([Decision("Check", false), Wf.WriteLine("Yes", "yes"), Wf.WriteLine("No", "no")]);
        flow["connections"] = new JsonArray(Flat("Check", "True", "Yes"), Flat("Check", "False", "No"));

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["no"]);
    }

    [Fact]
    public async Task FlatConnections_NoSourcePort_MeansDone()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart([Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B")]);
        flow["connections"] = new JsonArray(new JsonObject { ["source"] = "A", ["target"] = "B" });

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "B"]);
    }

    [Fact]
    public async Task MixedConnections_BothFormsInOneFlowchart_AreFollowed()
    {
        await using var harness = new WorkflowHarness();
        var flow = Wf.Flowchart([Wf.WriteLine("A", "A"), Wf.WriteLine("B", "B"), Wf.WriteLine("C", "C")]);
        flow["connections"] = new JsonArray(Flat("A", "Done", "B"), Wf.Connection("B", "Done", "C"));

        await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["A", "B", "C"]);
    }

    private static JsonObject Flat(string source, string sourcePort, string target) => new()
    {
        ["source"] = source,
        ["sourcePort"] = sourcePort,
        ["target"] = target,
        ["targetPort"] = "In",
    };
}
