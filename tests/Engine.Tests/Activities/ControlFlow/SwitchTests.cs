using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.ControlFlow;

public sealed class SwitchTests
{
    [Fact]
    public async Task Switch_MatchFirst_RunsFirstMatchingCaseOnly()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Definition("MatchFirst", a: false, b: true, c: true));

        harness.Lines.ShouldBe(["B", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Switch_MatchAny_RunsEveryMatchingCase()
    {
        await using var harness = new WorkflowHarness();

        await harness.RunJsonAsync(Definition("MatchAny", a: true, b: false, c: true));

        harness.Lines.ShouldBe(["A", "C", "after"]);
    }

    [Theory]
    [InlineData("MatchFirst")]
    [InlineData("MatchAny")]
    public async Task Switch_NoCaseMatches_RunsDefault(string mode)
    {
        await using var harness = new WorkflowHarness();

        await harness.RunJsonAsync(Definition(mode, a: false, b: false, c: false));

        harness.Lines.ShouldBe(["default", "after"]);
    }

    [Fact]
    public async Task Switch_NoMatchAndNoDefault_CompletesAtOnce()
    {
        await using var harness = new WorkflowHarness();
        var @switch = Wf.Activity("Route", "Elsa.Switch", ("cases", new JsonArray(Case("A", false))));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", @switch, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Theory]
    [InlineData("P1", "page")]
    [InlineData("P2", "email")]
    [InlineData("P4", "backlog")]
    public async Task Switch_LiquidConditions_RouteOnInput(string priority, string expected)
    {
        await using var harness = new WorkflowHarness();
        var cases = new JsonArray(
            new JsonObject { ["label"] = "P1", ["condition"] = LiquidCondition("Input.Priority == \"P1\""), ["activity"] = Wf.WriteLine("Page", "page") },
            new JsonObject { ["label"] = "P2", ["condition"] = LiquidCondition("Input.Priority == \"P2\""), ["activity"] = Wf.WriteLine("Email", "email") });
        var @switch = Wf.Activity("Route", "Elsa.Switch", ("cases", cases), ("default", Wf.WriteLine("Backlog", "backlog")));

        await harness.RunJsonAsync(Wf.Definition(@switch), new Dictionary<string, object?> { ["Priority"] = priority });

        harness.Lines.ShouldBe([expected]);
    }

    [Fact]
    public async Task Switch_MatchAnyCasesWait_CompletesAfterEveryCase()
    {
        await using var harness = new WorkflowHarness();
        var cases = new JsonArray(
            new JsonObject { ["label"] = "A", ["condition"] = Wf.Literal("true", "Boolean"), ["activity"] = Sequence("CaseA", Delay("WaitA", "00:01:00"), Wf.WriteLine("WriteA", "A")) },
            new JsonObject { ["label"] = "B", ["condition"] = Wf.Literal("true", "Boolean"), ["activity"] = Sequence("CaseB", Delay("WaitB", "00:02:00"), Wf.WriteLine("WriteB", "B")) });
        var @switch = Wf.Activity("Route", "Elsa.Switch", ("mode", Wf.Literal("MatchAny")), ("cases", cases));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", @switch, Wf.WriteLine("After", "after"))));

        instance.Bookmarks.Count.ShouldBe(2);

        await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["A", "B", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    private static string Definition(string mode, bool a, bool b, bool c)
    {
        var @switch = Wf.Activity(
            "Route",
            "Elsa.Switch",
            ("mode", Wf.Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.SwitchMode, Elsa.Workflows.Core")),
            ("cases", new JsonArray(Case("A", a), Case("B", b), Case("C", c))),
            ("default", Wf.WriteLine("Default", "default")));
        return Wf.Definition(Sequence("Seq", @switch, Wf.WriteLine("After", "after")));
    }

    private static JsonObject Case(string label, bool condition) => new()
    {
        ["label"] = label,
        ["condition"] = Wf.Literal(condition ? "true" : "false", "Boolean"),
        ["activity"] = Wf.WriteLine($"Write{label}", label),
    };
}
