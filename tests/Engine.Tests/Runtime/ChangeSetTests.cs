using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Runtime;

/// <summary>What each burst reports for the host to commit: bookmarks added and removed, the journal.</summary>
public sealed class ChangeSetTests
{
    [Fact]
    public async Task Start_EventWaiting_AddsOneBookmarkAndRemovesNone()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(TwoEvents());

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        var added = result.Changes.BookmarksAdded.ShouldHaveSingleItem();
        added.Key.ShouldBe("first");
        added.ActivityId.ShouldBe("first");
        added.WorkflowInstanceId.ShouldBe(result.Instance.Id);
        result.Changes.BookmarksRemoved.ShouldBeEmpty();
        result.Changes.TimerRequests.ShouldBeEmpty();
        result.Instance.Bookmarks.ShouldBe([added]);
        (await harness.Runtime.Bookmarks.FindByInstanceAsync(result.Instance.Id, TestContext.Current.CancellationToken)).ShouldBe([added]);
    }

    [Fact]
    public async Task Resume_EventThenAnotherEvent_RemovesTheResumedAndAddsTheNext()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(TwoEvents());
        var started = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        var first = started.Changes.BookmarksAdded.ShouldHaveSingleItem();

        var resumed = (await harness.Runtime.ResumeAsync(started.Instance.Id, first.Id, null, TestContext.Current.CancellationToken)).ShouldNotBeNull();

        resumed.Changes.BookmarksRemoved.ShouldBe([first]);
        var second = resumed.Changes.BookmarksAdded.ShouldHaveSingleItem();
        second.Key.ShouldBe("second");
        second.Id.ShouldNotBe(first.Id);
        resumed.Changes.Journal.ShouldContain(e => e.ActivityId == "first" && e.Event == JournalEvent.Resumed);
        (await harness.Runtime.Bookmarks.FindByInstanceAsync(started.Instance.Id, TestContext.Current.CancellationToken)).ShouldBe([second]);

        var finished = (await harness.Runtime.ResumeAsync(started.Instance.Id, second.Id, null, TestContext.Current.CancellationToken)).ShouldNotBeNull();

        finished.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        finished.Changes.BookmarksAdded.ShouldBeEmpty();
        finished.Changes.BookmarksRemoved.ShouldBe([second]);
        (await harness.Runtime.Bookmarks.FindByInstanceAsync(started.Instance.Id, TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Resume_BookmarkAlreadyConsumed_ReturnsNull()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(TwoEvents());
        var started = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        var first = started.Changes.BookmarksAdded.ShouldHaveSingleItem();
        await harness.Runtime.ResumeAsync(started.Instance.Id, first.Id, null, TestContext.Current.CancellationToken);

        var again = await harness.Runtime.ResumeAsync(started.Instance.Id, first.Id, null, TestContext.Current.CancellationToken);

        again.ShouldBeNull();
    }

    [Fact]
    public async Task Start_BookmarkMadeAndConsumedInTheSameBurst_IsInNeitherList()
    {
        await using var harness = new WorkflowHarness();
        var race = Wf.Activity(
            "race",
            "Elsa.Fork",
            ("joinMode", Wf.Literal("WaitAny")),
            ("branches", new JsonArray(
                Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("slow"))),
                Wf.Activity("delay", "Elsa.Delay", ("timeSpan", Wf.Literal("01:00:00", "TimeSpan"))),
                Wf.WriteLine("fast", "fast branch won"))));
        var definition = await harness.ImportAsync(Wf.Definition(Wf.Flowchart([race, Wf.WriteLine("after", "after")], [("race", "Done", "after")])));

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        result.Changes.Journal.Count(e => e.Event == JournalEvent.Suspended).ShouldBe(2);
        result.Changes.BookmarksAdded.ShouldBeEmpty();
        result.Changes.BookmarksRemoved.ShouldBeEmpty();
        result.Changes.TimerRequests.ShouldBeEmpty();
        result.Instance.Bookmarks.ShouldBeEmpty();
        harness.Lines.ShouldBe(["fast branch won", "after"]);
    }

    [Fact]
    public async Task Resume_BookmarkMadeAndConsumedInTheSameBurst_OnlyTheResumedOneIsRemoved()
    {
        await using var harness = new WorkflowHarness();
        var pause = Wf.Activity("pause", "Elsa.Event", ("eventName", Wf.Literal("pause")));
        var race = Wf.Activity(
            "race",
            "Elsa.Fork",
            ("joinMode", Wf.Literal("WaitAny")),
            ("branches", new JsonArray(Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("go"))), Wf.WriteLine("skip", "skip"))));
        var outer = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart([pause, Wf.Activity("loop", "Elsa.ForEach", ("items", Wf.Object("[1, 2]")), ("body", race))], [("pause", "Done", "loop")]),
            name: "Paused loop of races"));
        var started = await harness.Runtime.StartAsync(outer, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        var pauseBookmark = started.Changes.BookmarksAdded.ShouldHaveSingleItem();

        var resumed = (await harness.Runtime.ResumeAsync(started.Instance.Id, pauseBookmark.Id, null, TestContext.Current.CancellationToken)).ShouldNotBeNull();

        resumed.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        resumed.Changes.BookmarksRemoved.ShouldBe([pauseBookmark]);
        resumed.Changes.BookmarksAdded.ShouldBeEmpty();
        resumed.Changes.Journal.Count(e => e.ActivityId == "wait" && e.Event == JournalEvent.Suspended).ShouldBe(2);
        harness.Lines.ShouldBe(["skip", "skip"]);
    }

    [Fact]
    public async Task Start_Journal_HasStartedAndCompletedForEveryActivity()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Wf.Definition(Wf.Flowchart(
            [
                Wf.WriteLine("one", "one"),
                Wf.Activity("seq", "Elsa.Sequence", ("activities", new JsonArray(Wf.WriteLine("two", "two"), Wf.WriteLine("three", "three")))),
                Wf.Activity("set", "Elsa.SetVariable", ("variable", Wf.Variable("X", "Int32")), ("value", Wf.Literal("1"))),
            ],
            [("one", "Done", "seq"), ("seq", "Done", "set")]),
            variables: [Wf.Variable("X", "Int32")]));

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        var journal = result.Changes.Journal;
        var activities = harness.Runtime.Compile(definition).Activities;
        activities.Select(a => a.Id).ShouldBe(["Flowchart1", "one", "seq", "two", "three", "set"], ignoreOrder: true);
        foreach (var activity in activities)
        {
            journal.Count(e => e.ActivityNodeId == activity.NodeId && e.Event == JournalEvent.Started).ShouldBe(1, activity.NodeId);
            journal.Count(e => e.ActivityNodeId == activity.NodeId && e.Event == JournalEvent.Completed).ShouldBe(1, activity.NodeId);
            var started = journal.First(e => e.ActivityNodeId == activity.NodeId && e.Event == JournalEvent.Started);
            var completed = journal.First(e => e.ActivityNodeId == activity.NodeId && e.Event == JournalEvent.Completed);
            started.Sequence.ShouldBeLessThan(completed.Sequence);
            started.ActivityType.ShouldBe(activity.Type);
            completed.Outcomes.ShouldBe("Done");
        }

        journal.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, journal.Count).Select(i => (long)i));
        journal.ShouldAllBe(e => e.Timestamp == harness.Clock.GetUtcNow());
        journal[0].ActivityId.ShouldBe("Flowchart1");
        journal[^1].ActivityId.ShouldBe("Flowchart1");
    }

    [Fact]
    public async Task Resume_Journal_ContinuesTheSequenceOfTheStart()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(TwoEvents());
        var started = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        harness.Clock.Advance(TimeSpan.FromMinutes(3));

        var resumed = (await harness.Runtime.ResumeAsync(started.Instance.Id, started.Instance.Bookmarks[0].Id, null, TestContext.Current.CancellationToken)).ShouldNotBeNull();

        resumed.Changes.Journal[0].Sequence.ShouldBe(started.Changes.Journal[^1].Sequence + 1);
        resumed.Changes.Journal[0].Event.ShouldBe(JournalEvent.Resumed);
        resumed.Changes.Journal[0].Timestamp.ShouldBe(harness.Clock.GetUtcNow());
        resumed.Changes.Journal.ShouldContain(e => e.ActivityId == "first" && e.Event == JournalEvent.Completed);
        resumed.Changes.Journal.ShouldContain(e => e.ActivityId == "second" && e.Event == JournalEvent.Started);
        resumed.Changes.Journal.ShouldContain(e => e.ActivityId == "second" && e.Event == JournalEvent.Suspended);
    }

    [Fact]
    public async Task Burst_Committed_IsRaisedForEveryBurst()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(TwoEvents());
        var committed = new List<RunResult>();
        harness.Runtime.BurstCommitted += committed.Add;

        var started = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        await harness.Runtime.PublishEventAsync("first", null, null, TestContext.Current.CancellationToken);

        committed.Count.ShouldBe(2);
        committed[0].ShouldBeSameAs(started);
        committed[1].Changes.BookmarksAdded.ShouldHaveSingleItem().Key.ShouldBe("second");
    }

    /// <summary>first (event) → second (event).</summary>
    private static string TwoEvents() => Wf.Definition(Wf.Flowchart(
        [Wf.Activity("first", "Elsa.Event", ("eventName", Wf.Literal("first"))), Wf.Activity("second", "Elsa.Event", ("eventName", Wf.Literal("second")))],
        [("first", "Done", "second")]));
}
