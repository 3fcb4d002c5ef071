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

    private static string DelayThenSay(string name, string text) => Wf.Definition(
        Wf.Flowchart(
            [Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.Literal("00:00:05", "TimeSpan"))), Wf.WriteLine("done", text)],
            [("wait", "Done", "done")]),
        name: name);
}
