using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.ControlFlow;

public sealed class ParallelForEachTests
{
    [Fact]
    public async Task ParallelForEach_Items_RunsBodyForEveryItem()
    {
        await using var harness = new WorkflowHarness();
        var loop = Wf.Activity("Loop", "Elsa.ParallelForEach", ("items", Wf.Object("""["a","b","c"]""")), ("body", WriteLiquid("Write", "item {{ CurrentValue }}")));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after"))));

        harness.Lines.Take(3).ShouldBe(["item a", "item b", "item c"], ignoreOrder: true);
        harness.Lines[^1].ShouldBe("after");
        harness.Lines.Count.ShouldBe(4);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task ParallelForEach_BodiesWait_AllWaitAtOnceAndCompleteAfterTheLast()
    {
        await using var harness = new WorkflowHarness();
        var body = Sequence("Body", Delay("Wait", "00:05:00"), WriteLiquid("Write", "done {{ CurrentValue }}"));
        var loop = Wf.Activity("Loop", "Elsa.ParallelForEach", ("items", Wf.Object("""["a","b","c"]""")), ("body", body));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after"))));

        instance.Bookmarks.Count.ShouldBe(3);
        harness.Lines.ShouldBeEmpty();

        await harness.RunUntilEndAsync(instance);

        harness.Lines.Take(3).ShouldBe(["done a", "done b", "done c"], ignoreOrder: true);
        harness.Lines.ShouldBe(["done a", "done b", "done c", "after"], ignoreOrder: true);
        harness.Lines[^1].ShouldBe("after");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task ParallelForEach_EmptyList_CompletesAtOnce()
    {
        await using var harness = new WorkflowHarness();
        var loop = Wf.Activity("Loop", "Elsa.ParallelForEach", ("items", Wf.Object("[]")), ("body", Wf.WriteLine("Write", "body")));

        await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", loop, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["after"]);
    }
}
