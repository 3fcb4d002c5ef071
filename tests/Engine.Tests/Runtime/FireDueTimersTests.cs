using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Runtime;

public sealed class FireDueTimersTests
{
    [Fact]
    public async Task FireDueTimers_OneTimerFails_OthersStillFire()
    {
        var token = TestContext.Current.CancellationToken;
        await using var harness = new WorkflowHarness();
        var doomed = await harness.RunAsync(await harness.ImportAsync(DelayThenSay("doomed", "never")));
        var healthy = await harness.RunAsync(await harness.ImportAsync(DelayThenSay("healthy", "fired")));

        // The first instance's definition disappears, so its timer cannot be resumed.
        await harness.Runtime.Definitions.DeleteAsync("doomed", token);
        harness.Clock.Advance(TimeSpan.FromSeconds(5));

        var error = await Should.ThrowAsync<AggregateException>(async () => await harness.Runtime.FireDueTimersAsync(token));

        error.InnerExceptions.ShouldHaveSingleItem().Message.ShouldContain(doomed.Id);
        error.Message.ShouldContain("1 due timer(s) could not be resumed; 1 were");
        (await harness.Runtime.Instances.FindAsync(healthy.Id, token))!.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["fired"]);
    }

    [Fact]
    public async Task FireDueTimers_BacklogLargerThanTheParallelism_FiresEveryTimerOnceAndCollectsFailures()
    {
        var token = TestContext.Current.CancellationToken;
        await using var harness = new WorkflowHarness();
        var flow = await harness.ImportAsync(DelayThenSay("backlog", "fired"));
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add((await harness.RunAsync(flow)).Id);
        }

        var doomed = (await harness.RunAsync(await harness.ImportAsync(DelayThenSay("doomed", "never")))).Id;
        await harness.Runtime.Definitions.DeleteAsync("doomed", token);
        harness.Clock.Advance(TimeSpan.FromSeconds(5));

        var error = await Should.ThrowAsync<AggregateException>(async () => await harness.Runtime.FireDueTimersAsync(token));

        error.InnerExceptions.ShouldHaveSingleItem().Message.ShouldContain(doomed);
        error.Message.ShouldContain("1 due timer(s) could not be resumed; 50 were");
        harness.Lines.Count.ShouldBe(50);
        harness.Lines.ShouldAllBe(line => line == "fired");
        foreach (var id in ids)
        {
            (await harness.Runtime.Instances.FindAsync(id, token))!.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        }

        // Only the broken timer is still due: none of the others fires twice.
        (await Should.ThrowAsync<AggregateException>(async () => await harness.Runtime.FireDueTimersAsync(token))).Message.ShouldContain("1 due timer(s) could not be resumed; 0 were");
        harness.Lines.Count.ShouldBe(50);
    }

    [Fact]
    public async Task FireDueTimers_BacklogOverManyPages_FiresEveryTimerOncePassingOverOneThatFails()
    {
        var token = TestContext.Current.CancellationToken;
        await using var harness = new WorkflowHarness();
        harness.Runtime.Runner.Options.TimerPageSize = 7;
        harness.Runtime.Runner.Options.TimerParallelism = 3;
        var doomed = (await harness.RunAsync(await harness.ImportAsync(DelayThenSay("doomed", "never")))).Id;
        await harness.Runtime.Definitions.DeleteAsync("doomed", token);
        var flow = await harness.ImportAsync(DelayThenSay("backlog", "fired"));
        for (var i = 0; i < 30; i++)
        {
            await harness.RunAsync(flow);
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        var seen = 0;

        // The broken timer is first in due order: the pages after it still come, and it is reported once.
        var error = await Should.ThrowAsync<AggregateException>(async () => await harness.Runtime.FireDueTimersAsync(_ => Interlocked.Increment(ref seen), token));

        error.InnerExceptions.ShouldHaveSingleItem().Message.ShouldContain(doomed);
        error.Message.ShouldContain("1 due timer(s) could not be resumed; 30 were");
        seen.ShouldBe(30);
        harness.Lines.Count.ShouldBe(30);
    }

    [Fact]
    public async Task FireDueTimers_PagesOfTwo_FiresInDueOrder()
    {
        var token = TestContext.Current.CancellationToken;
        await using var harness = new WorkflowHarness();
        harness.Runtime.Runner.Options.TimerPageSize = 2;
        foreach (var (name, delay) in new[] { ("third", "00:00:09"), ("first", "00:00:03"), ("fifth", "00:00:20"), ("second", "00:00:05"), ("fourth", "00:00:12") })
        {
            await harness.RunAsync(await harness.ImportAsync(DelayThenSay(name, name, delay)));
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(15));
        (await harness.Runtime.FireDueTimersAsync(token)).Count.ShouldBe(4);

        harness.Lines.ShouldBe(["first", "second", "third", "fourth"]);
    }

    private static string DelayThenSay(string name, string text, string delay) => Wf.Definition(
        Wf.Flowchart(
            [Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.Literal(delay, "TimeSpan"))), Wf.WriteLine("done", text)],
            [("wait", "Done", "done")]),
        name: name);

    private static string DelayThenSay(string name, string text) => Wf.Definition(
        Wf.Flowchart(
            [Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.Literal("00:00:05", "TimeSpan"))), Wf.WriteLine("done", text)],
            [("wait", "Done", "done")]),
        name: name);
}
