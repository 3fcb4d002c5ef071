using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Activities.Timers;

/// <summary>Delay, Timer, Cron and StartAt inside a run: bookmarks with a due time, fired by the runtime's clock.</summary>
public sealed class TimerActivityTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Delay_Started_CreatesATimerBookmarkDueAfterTheSpan()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Waiting(Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.Literal("00:05:00", "TimeSpan")))));

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        var bookmark = result.Changes.BookmarksAdded.ShouldHaveSingleItem();
        bookmark.Name.ShouldBe("Elsa.Delay");
        bookmark.ActivityId.ShouldBe("wait");
        bookmark.DueAt.ShouldBe(Start.AddMinutes(5));
        var timer = result.Changes.TimerRequests.ShouldHaveSingleItem();
        timer.ShouldBe(new TimerRequest(bookmark.Id, result.Instance.Id, Start.AddMinutes(5)));
        harness.Lines.ShouldBe(["before"]);
    }

    [Fact]
    public async Task FireDueTimers_BeforeTheDueTime_DoesNothing()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunJsonAsync(Waiting(Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.Literal("PT5M", "TimeSpan")))));
        harness.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));

        var fired = await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);

        fired.ShouldBeEmpty();
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        instance.Bookmarks.ShouldHaveSingleItem();
        harness.Lines.ShouldBe(["before"]);
    }

    [Fact]
    public async Task FireDueTimers_AfterTheClockAdvances_ResumesTheDelay()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunJsonAsync(Waiting(Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.Literal("PT5M", "TimeSpan")))));
        harness.Clock.Advance(TimeSpan.FromMinutes(5));

        var fired = await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);

        var result = fired.ShouldHaveSingleItem();
        result.Instance.Id.ShouldBe(instance.Id);
        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        result.Changes.BookmarksRemoved.ShouldHaveSingleItem().Name.ShouldBe("Elsa.Delay");
        harness.Lines.ShouldBe(["before", "after"]);
        (await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("PT0S")]
    [InlineData("-00:00:05")]
    public async Task Delay_ZeroOrNegative_CompletesAtOnce(string span)
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Waiting(Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.Literal(span, "TimeSpan")))));

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        result.Changes.BookmarksAdded.ShouldBeEmpty();
        result.Changes.TimerRequests.ShouldBeEmpty();
        harness.Lines.ShouldBe(["before", "after"]);
    }

    [Fact]
    public async Task Delay_FromAVariable_UsesItsValue()
    {
        await using var harness = new WorkflowHarness();
        var json = Wf.Definition(
            Wf.Flowchart([Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.VariableExpression("Pause", "TimeSpan")))]),
            variables: [Wf.Variable("Pause", "TimeSpan", "01:30:00")]);

        var instance = await harness.RunJsonAsync(json);

        instance.Bookmarks.ShouldHaveSingleItem().DueAt.ShouldBe(Start.AddMinutes(90));
    }

    [Fact]
    public async Task Timer_InsideARun_WaitsOneInterval()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunJsonAsync(Waiting(Wf.Activity("tick", "Elsa.Timer", ("interval", Wf.Literal("00:00:30", "TimeSpan")))));

        var bookmark = instance.Bookmarks.ShouldHaveSingleItem();
        bookmark.Name.ShouldBe("Elsa.Timer");
        bookmark.DueAt.ShouldBe(Start.AddSeconds(30));

        harness.Clock.Advance(TimeSpan.FromSeconds(29));
        (await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        (await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["before", "after"]);
    }

    [Fact]
    public async Task Timer_WithCanStartWorkflow_IsIndexedAsATrigger()
    {
        await using var harness = new WorkflowHarness();
        var timer = Wf.Activity("tick", "Elsa.Timer", ("interval", Wf.Literal("01:00:00", "TimeSpan"))).WithCustom("canStartWorkflow", true);
        await harness.ImportAsync(Wf.Definition(Wf.Flowchart([timer, Wf.WriteLine("after", "after")], [("tick", "Done", "after")])));

        var trigger = (await harness.Runtime.Triggers.ListAsync(TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        trigger.Name.ShouldBe("Elsa.Timer");
        trigger.ActivityId.ShouldBe("tick");
        trigger.Payload["interval"]!.GetValue<string>().ShouldBe("01:00:00");
    }

    [Theory]
    [InlineData("15 30 9 * * *", 9, 30, 15)]
    [InlineData("*/20 * * * * *", 9, 0, 20)]
    [InlineData("0 0 9 * * *", 33, 0, 0)]
    [InlineData("0 12 * * *", 12, 0, 0)]
    public async Task Cron_NextOccurrence_IsComputedFromTheClock(string expression, int hours, int minutes, int seconds)
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunJsonAsync(Waiting(Wf.Activity("cron", "Elsa.Cron", ("cronExpression", Wf.Literal(expression)))));

        var bookmark = instance.Bookmarks.ShouldHaveSingleItem();
        bookmark.Name.ShouldBe("Elsa.Cron");
        bookmark.DueAt.ShouldBe(Start.AddHours(hours - 9).AddMinutes(minutes).AddSeconds(seconds));
        bookmark.DueAt!.Value.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task Cron_SixFields_FiresWhenTheClockReachesTheOccurrence()
    {
        await using var harness = new WorkflowHarness();
        harness.Clock.SetUtcNow(Start.AddSeconds(10));
        var instance = await harness.RunJsonAsync(Waiting(Wf.Activity("cron", "Elsa.Cron", ("cronExpression", Wf.Literal("45 * * * * *")))));
        instance.Bookmarks.ShouldHaveSingleItem().DueAt.ShouldBe(Start.AddSeconds(45));

        harness.Clock.SetUtcNow(Start.AddSeconds(44));
        (await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
        harness.Clock.SetUtcNow(Start.AddSeconds(45));
        (await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["before", "after"]);
    }

    [Fact]
    public async Task Cron_InvalidExpression_IsACompileProblemAndAnIncident()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Waiting(Wf.Activity("cron", "Elsa.Cron", ("cronExpression", Wf.Literal("61 * * * * *")))));

        var problem = harness.Runtime.Compile(definition).Problems.ShouldHaveSingleItem();
        var instance = await harness.RunAsync(definition);

        problem.Field.ShouldBe("cronExpression");
        problem.Message.ShouldContain("'61 * * * * *'");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        instance.Incidents.ShouldHaveSingleItem().ActivityId.ShouldBe("cron");
    }

    [Theory]
    [InlineData("2026-11-01T00:00:00Z")]
    [InlineData("2026-11-02T09:00:00Z")]
    [InlineData("2026-11-02T10:00:00+02:00")]
    public async Task StartAt_InThePastOrNow_CompletesAtOnce(string at)
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Waiting(Wf.Activity("at", "Elsa.StartAt", ("dateTime", Wf.Literal(at, "DateTimeOffset")))));

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        result.Changes.BookmarksAdded.ShouldBeEmpty();
        harness.Lines.ShouldBe(["before", "after"]);
    }

    [Fact]
    public async Task StartAt_InTheFuture_WaitsUntilThen()
    {
        await using var harness = new WorkflowHarness();
        var at = new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.FromHours(-5));
        var instance = await harness.RunJsonAsync(Waiting(Wf.Activity("at", "Elsa.StartAt", ("dateTime", Wf.Literal("2026-11-03T08:00:00-05:00", "DateTimeOffset")))));

        var bookmark = instance.Bookmarks.ShouldHaveSingleItem();
        bookmark.Name.ShouldBe("Elsa.StartAt");
        bookmark.DueAt.ShouldBe(at);

        harness.Clock.SetUtcNow(at.AddTicks(-1));
        (await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
        harness.Clock.SetUtcNow(at);
        (await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).ShouldHaveSingleItem();

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["before", "after"]);
    }

    [Fact]
    public async Task FireDueTimers_SeveralInstances_ResumesOnlyThoseDue()
    {
        await using var harness = new WorkflowHarness();
        var soon = await harness.RunJsonAsync(Waiting(Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.Literal("00:01:00", "TimeSpan"))), "Soon"));
        var later = await harness.RunJsonAsync(Waiting(Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.Literal("01:00:00", "TimeSpan"))), "Later"));
        harness.Clock.Advance(TimeSpan.FromMinutes(2));

        var fired = await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);

        fired.ShouldHaveSingleItem().Instance.Id.ShouldBe(soon.Id);
        soon.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        later.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
    }

    /// <summary>before → timer → after.</summary>
    private static string Waiting(JsonObject timer, string name = "Timers") => Wf.Definition(
        Wf.Flowchart(
            [Wf.WriteLine("before", "before"), timer, Wf.WriteLine("after", "after")],
            [("before", "Done", timer["id"]!.GetValue<string>()), (timer["id"]!.GetValue<string>(), "Done", "after")]),
        name: name);
}
