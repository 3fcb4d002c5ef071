using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Primitives;

public sealed class SetVariableTests
{
    [Fact]
    public async Task SetVariable_Int32FromText_StoresInteger()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(SetVariable("Set", "Count", Wf.Literal("5")), [Wf.Variable("Count", "Int32")]));

        instance.GetVariables()["Count"].ShouldBeOfType<int>().ShouldBe(5);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task SetVariable_BooleanFromText_StoresBoolean()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(SetVariable("Set", "Flag", Wf.Literal("true")), [Wf.Variable("Flag", "Boolean", "false")]));

        instance.GetVariables()["Flag"].ShouldBeOfType<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task SetVariable_LiquidIntoInt32_StoresRenderedNumber()
    {
        await using var harness = new WorkflowHarness();
        var root = Sequence("Seq", SetVariable("Set", "Count", Wf.Liquid("{{ Count | plus: 40 }}")), WriteLiquid("Say", "{{ Count | plus: 1 }}"));

        var instance = await harness.RunJsonAsync(Wf.Definition(root, [Wf.Variable("Count", "Int32", "2")]));

        instance.GetVariables()["Count"].ShouldBe(42);
        harness.Lines.ShouldBe(["43"]);
    }

    [Fact]
    public async Task SetVariable_ObjectVariable_KeepsValueAsGiven()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(SetVariable("Set", "Anything", Wf.Literal("5")), [Wf.Variable("Anything", "Object")]));

        instance.GetVariables()["Anything"].ShouldBe("5");
    }

    [Fact]
    public async Task SetVariable_DeclaredInitialValue_IsConvertedBeforeAnySet()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.WriteLine("Say", "hi"), [Wf.Variable("Count", "Int32", "7"), Wf.Variable("Flag", "Boolean", "true")]));

        instance.GetVariables()["Count"].ShouldBe(7);
        instance.GetVariables()["Flag"].ShouldBe(true);
    }

    [Fact]
    public async Task SetVariable_TextNotANumberIntoInt32_FaultsNamingVariable()
    {
        await using var harness = new WorkflowHarness();
        var root = Sequence("Seq", SetVariable("Set", "Count", Wf.Literal("abc")), Wf.WriteLine("After", "after"));

        var instance = await harness.RunJsonAsync(Wf.Definition(root, [Wf.Variable("Count", "Int32", "1")]));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("Set");
        incident.Message.ShouldContain("'Count'");
        incident.Message.ShouldContain("abc");
        instance.GetVariables()["Count"].ShouldBe(1);
        harness.Lines.ShouldBeEmpty();
    }
}
