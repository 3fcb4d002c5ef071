using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.ControlFlow;

public sealed class ForkTests
{
    [Fact]
    public async Task Fork_WaitAll_CompletesAfterEveryBranch()
    {
        await using var harness = new WorkflowHarness();
        var fork = Fork("Fork", "WaitAll", Sequence("Left", Wf.WriteLine("L1", "left 1"), Delay("Wait", "00:10:00"), Wf.WriteLine("L2", "left 2")), Wf.WriteLine("R", "right"));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", fork, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["left 1", "right"], ignoreOrder: true);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);

        await harness.RunUntilEndAsync(instance);

        harness.Lines.Count.ShouldBe(4);
        harness.Lines[^2].ShouldBe("left 2");
        harness.Lines[^1].ShouldBe("after");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Fork_NoJoinMode_DefaultsToWaitAll()
    {
        await using var harness = new WorkflowHarness();
        var fork = Fork("Fork", null, Sequence("Left", Delay("Wait", "00:10:00"), Wf.WriteLine("L", "left")), Wf.WriteLine("R", "right"));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", fork, Wf.WriteLine("After", "after"))));

        harness.Lines.ShouldBe(["right"]);

        await harness.RunUntilEndAsync(instance);

        harness.Lines.ShouldBe(["right", "left", "after"]);
    }

    [Fact]
    public async Task Fork_WaitAny_CancelsOtherBranchAndItsDelayBookmark()
    {
        await using var harness = new WorkflowHarness();
        var fork = Fork(
            "Fork",
            "WaitAny",
            Sequence("Slow", Delay("Timeout", "01:00:00"), Wf.WriteLine("Late", "late")),
            Sequence("Fast", Event("Ack", "ack"), Wf.WriteLine("Acked", "acked")));
        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", fork, Wf.WriteLine("After", "after"))));
        instance.Bookmarks.Select(b => b.ActivityId).ShouldBe(["Timeout", "Ack"], ignoreOrder: true);

        var results = await harness.Runtime.PublishEventAsync("ack", null, null, TestContext.Current.CancellationToken);

        results.ShouldHaveSingleItem().Changes.BookmarksRemoved.Select(b => b.ActivityId).ShouldContain("Timeout");
        harness.Lines.ShouldBe(["acked", "after"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Bookmarks.ShouldBeEmpty();
        (await harness.Runtime.Bookmarks.FindByInstanceAsync(instance.Id, TestContext.Current.CancellationToken)).ShouldBeEmpty();

        harness.Clock.Advance(TimeSpan.FromHours(2));
        (await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
        harness.Lines.ShouldNotContain("late");
    }

    [Fact]
    public async Task Fork_WaitAny_RunsNextStepOnce()
    {
        await using var harness = new WorkflowHarness();
        var fork = Fork("Fork", "WaitAny", Wf.WriteLine("A", "a"), Wf.WriteLine("B", "b"));

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", fork, Wf.WriteLine("After", "after"))));

        harness.Lines.Count(l => l == "after").ShouldBe(1);
        harness.Lines[^1].ShouldBe("after");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Fork_WaitAnyInsideFlowchart_DoneFiresOnceAndWaitingBranchIsCancelled()
    {
        await using var harness = new WorkflowHarness();
        var fork = Fork("Fork", "WaitAny", Event("Ack", "ack"), Wf.WriteLine("Fast", "fast"));
        var flow = Wf.Flowchart([fork, Wf.WriteLine("Next", "next")], [("Fork", "Done", "Next")]);

        var instance = await harness.RunJsonAsync(Wf.Definition(flow));

        harness.Lines.ShouldBe(["fast", "next"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Bookmarks.ShouldBeEmpty();
    }

    private static JsonObject Fork(string id, string? joinMode, params JsonObject[] branches)
    {
        var fork = Wf.Activity(id, "Elsa.Fork", ("branches", new JsonArray([.. branches])));
        if (joinMode is not null)
        {
            fork["joinMode"] = Wf.Literal(joinMode, "Elsa.Workflows.Activities.ForkJoinMode, Elsa.Workflows.Core");
        }

        return fork;
    }
}
