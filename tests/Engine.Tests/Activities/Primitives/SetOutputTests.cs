using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Primitives;

public sealed class SetOutputTests
{
    [Fact]
    public async Task SetOutput_LiteralValue_FillsInstanceOutput()
    {
        await using var harness = new WorkflowHarness();
        var root = Wf.Activity("Out", "Elsa.SetOutput", ("outputName", Wf.Literal("Resolution")), ("outputValue", Wf.Literal("restarted the pod")));

        var instance = await harness.RunJsonAsync(Wf.Definition(root, outputs: [new() { ["name"] = "Resolution", ["type"] = "String" }]));

        instance.Output["Resolution"].ShouldBe("restarted the pod");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task SetOutput_LiquidValueFromVariable_FillsInstanceOutput()
    {
        await using var harness = new WorkflowHarness();
        var root = Sequence(
            "Seq",
            SetVariable("Set", "Count", Wf.Literal("3")),
            Wf.Activity("Out", "Elsa.SetOutput", ("outputName", Wf.Literal("Summary")), ("outputValue", Wf.Liquid("{{ Count }} pages sent"))));

        var instance = await harness.RunJsonAsync(Wf.Definition(root, [Wf.Variable("Count", "Int32", "0")]));

        instance.Output["Summary"].ShouldBe("3 pages sent");
    }

    [Fact]
    public async Task SetOutput_SameNameTwice_LastValueWins()
    {
        await using var harness = new WorkflowHarness();
        var root = Sequence(
            "Seq",
            Wf.Activity("Out1", "Elsa.SetOutput", ("outputName", Wf.Literal("State")), ("outputValue", Wf.Literal("open"))),
            Wf.Activity("Out2", "Elsa.SetOutput", ("outputName", Wf.Literal("State")), ("outputValue", Wf.Literal("closed"))));

        var instance = await harness.RunJsonAsync(Wf.Definition(root));

        instance.Output.ShouldHaveSingleItem().Value.ShouldBe("closed");
    }

    [Fact]
    public async Task SetOutput_EmptyName_Faults()
    {
        await using var harness = new WorkflowHarness();
        var root = Wf.Activity("Out", "Elsa.SetOutput", ("outputName", Wf.Literal(string.Empty)), ("outputValue", Wf.Literal("x")));

        var instance = await harness.RunJsonAsync(Wf.Definition(root));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        instance.Incidents.ShouldHaveSingleItem().Message.ShouldContain("outputName");
        instance.Output.ShouldBeEmpty();
    }
}
