using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Activities.Flowchart;

public sealed class FlowSwitchTests
{
    [Fact]
    public async Task Switch_MatchFirst_TakesOnlyFirstMatchingCase()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Definition("MatchFirst", a: false, b: true, c: true));

        harness.Lines.ShouldBe(["B"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Switch_MatchAny_TakesEveryMatchingCase()
    {
        await using var harness = new WorkflowHarness();

        await harness.RunJsonAsync(Definition("MatchAny", a: false, b: true, c: true));

        harness.Lines.ShouldBe(["B", "C"]);
    }

    [Theory]
    [InlineData("MatchFirst")]
    [InlineData("MatchAny")]
    public async Task Switch_NoCaseMatches_TakesDefault(string mode)
    {
        await using var harness = new WorkflowHarness();

        await harness.RunJsonAsync(Definition(mode, a: false, b: false, c: false));

        harness.Lines.ShouldBe(["Default"]);
    }

    [Fact]
    public async Task Switch_NoMode_DefaultsToMatchFirst()
    {
        await using var harness = new WorkflowHarness();

        await harness.RunJsonAsync(Definition(null, a: true, b: true, c: false));

        harness.Lines.ShouldBe(["A"]);
    }

    private static string Definition(string? mode, bool a, bool b, bool c)
    {
        var cases = new JsonArray(Case("A", a), Case("B", b), Case("C", c));
        var @switch = Wf.Activity("Route", "Elsa.FlowSwitch", ("cases", cases));
        if (mode is not null)
        {
            @switch["mode"] = Wf.Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.SwitchMode, Elsa.Workflows.Core");
        }

        var flow = Wf.Flowchart(
            [@switch, Wf.WriteLine("WA", "A"), Wf.WriteLine("WB", "B"), Wf.WriteLine("WC", "C"), Wf.WriteLine("WD", "Default")],
            [("Route", "A", "WA"), ("Route", "B", "WB"), ("Route", "C", "WC"), ("Route", "Default", "WD")]);
        return Wf.Definition(flow);
    }

    private static JsonObject Case(string label, bool condition) => new()
    {
        ["label"] = label,
        ["condition"] = Wf.Literal(condition ? "true" : "false", "Boolean"),
    };
}
