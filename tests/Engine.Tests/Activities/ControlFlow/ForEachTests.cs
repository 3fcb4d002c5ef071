using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.ControlFlow;

public sealed class ForEachTests
{
    [Fact]
    public async Task ForEach_Items_RunsBodyInOrderWithCurrentValue()
    {
        await using var harness = new WorkflowHarness();
        var loop = ForEach("Loop", """["Apple","Banana","Cherry"]""", WriteLiquid("Write", "Fruit: {{ CurrentValue }}"));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["Fruit: Apple", "Fruit: Banana", "Fruit: Cherry", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task ForEach_CurrentValueBoundToVariable_VariableFollowsEachItem()
    {
        await using var harness = new WorkflowHarness();
        var loop = ForEach("Loop", """["a","b","c"]""", WriteLiquid("Write", "{{ Current }}"));
        loop["currentValue"] = Wf.BindTo("Current");

        var instance = await harness.RunJsonAsync(Wf.Definition(loop, [Wf.Variable("Current", "String")]));

        harness.Lines.ShouldBe(["a", "b", "c"]);
        instance.GetVariables()["Current"].ShouldBe("c");
    }

    [Fact]
    public async Task ForEach_BodyWaits_NextItemRunsAfterResume()
    {
        await using var harness = new WorkflowHarness();
        var body = Sequence("Body", WriteLiquid("Write", "start {{ CurrentValue }}"), Delay("Wait", "00:01:00"));
        var loop = ForEach("Loop", """["x","y"]""", body);

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["start x"]);

        await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["start x", "start y", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task ForEach_EmptyList_CompletesWithoutRunningBody()
    {
        await using var harness = new WorkflowHarness();
        var loop = ForEach("Loop", "[]", Wf.WriteLine("Write", "body"));

        await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["after"]);
    }

    [Fact]
    public async Task ForEach_ItemsFromVariable_IteratesTheList()
    {
        await using var harness = new WorkflowHarness();
        var loop = Wf.Activity("Loop", "Elsa.ForEach", ("items", Wf.VariableExpression("Teams")), ("body", WriteLiquid("Write", "notify {{ CurrentValue }}")));

        await harness.RunJsonAsync(Wf.Definition(loop, [Wf.Variable("Teams", "Object", """["ops","sre"]""")]));

        harness.Lines.ShouldBe(["notify ops", "notify sre"]);
    }

    [Fact]
    public async Task ForEach_Nested_InnerCurrentValueShadowsOuter()
    {
        await using var harness = new WorkflowHarness();
        var inner = ForEach("Inner", """["1","2"]""", WriteLiquid("Write", "{{ Outer }}-{{ CurrentValue }}"));
        var outer = ForEach("OuterLoop", """["x","y"]""", inner);
        outer["currentValue"] = Wf.BindTo("Outer");

        await harness.RunJsonAsync(Wf.Definition(outer, [Wf.Variable("Outer", "String")]));

        harness.Lines.ShouldBe(["x-1", "x-2", "y-1", "y-2"]);
    }

    internal static JsonObject ForEach(string id, string itemsJson, JsonObject body) =>
        Wf.Activity(id, "Elsa.ForEach", ("items", Wf.Object(itemsJson)), ("body", body));
}
