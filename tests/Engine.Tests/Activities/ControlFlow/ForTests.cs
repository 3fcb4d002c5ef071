using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.ControlFlow;

public sealed class ForTests
{
    [Theory]
    [InlineData("1", "3", "1", "true", "1,2,3")]
    [InlineData("1", "3", "1", "false", "1,2")]
    [InlineData("0", "6", "2", "true", "0,2,4,6")]
    [InlineData("0", "6", "2", "false", "0,2,4")]
    [InlineData("3", "1", "-1", "true", "3,2,1")]
    [InlineData("5", "5", "1", "false", "")]
    public async Task For_StartEndStep_RunsBodyForEachValue(string start, string end, string step, string inclusive, string expected)
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(For(start, end, step, inclusive, WriteLiquid("Write", "{{ CurrentValue }}"))));

        string.Join(',', harness.Lines).ShouldBe(expected);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task For_NoStepOrInclusive_DefaultsToStepOneInclusive()
    {
        await using var harness = new WorkflowHarness();
        var loop = Wf.Activity("Loop", "Elsa.For", ("start", Wf.Literal("1", "Double")), ("end", Wf.Literal("3", "Double")), ("body", WriteLiquid("Write", "{{ CurrentValue }}")));

        await harness.RunJsonAsync(Wf.Definition(loop));

        harness.Lines.ShouldBe(["1", "2", "3"]);
    }

    [Fact]
    public async Task For_CurrentValueBoundToVariable_HoldsLastValue()
    {
        await using var harness = new WorkflowHarness();
        var loop = For("1", "4", "1", "true", WriteLiquid("Write", "step {{ Step }}"));
        loop["currentValue"] = Wf.BindTo("Step");

        var instance = await harness.RunJsonAsync(Wf.Definition(loop, [Wf.Variable("Step", "Int32", "0")]));

        harness.Lines.ShouldBe(["step 1", "step 2", "step 3", "step 4"]);
        instance.GetVariables()["Step"].ShouldBe(4);
    }

    [Fact]
    public async Task For_FractionalStep_CurrentValueKeepsFraction()
    {
        await using var harness = new WorkflowHarness();
        var loop = Wf.Activity("Loop", "Elsa.For", ("start", Wf.Literal("0", "Double")), ("end", Wf.Literal("1", "Double")), ("step", Wf.Literal("0.5", "Double")), ("body", WriteLiquid("Write", "{{ CurrentValue }}")));

        await harness.RunJsonAsync(Wf.Definition(loop));

        harness.Lines.ShouldBe(["0", "0.5", "1"]);
    }

    [Fact]
    public async Task For_StepZero_FaultsWithIncident()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(For("1", "3", "0", "true", Wf.WriteLine("Write", "body"))));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        instance.Incidents.ShouldHaveSingleItem().Message.ShouldContain("step");
        harness.Lines.ShouldBeEmpty();
    }

    private static JsonObject For(string start, string end, string step, string inclusive, JsonObject body) =>
        Wf.Activity(
            "Loop",
            "Elsa.For",
            ("start", Wf.Literal(start, "Double")),
            ("end", Wf.Literal(end, "Double")),
            ("step", Wf.Literal(step, "Double")),
            ("outerBoundInclusive", Wf.Literal(inclusive, "Boolean")),
            ("body", body));
}
