using System.Diagnostics;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Expressions.JavaScript;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>A hostile script in a workflow ends that activity as an incident, quickly, naming the limit; the engine keeps running.</summary>
[Collection(SandboxTimingGroup.Name)]
public sealed class HostileScriptTests
{
    [Theory]
    [InlineData("while(true){}", new[] { "statement limit", "time limit" })]
    [InlineData("new Array(1e9)", new[] { "array size limit" })]
    [InlineData("eval('1')", new[] { "may not compile strings" })]
    [InlineData("function f(){ return f(); } f()", new[] { "recursion limit" })]
    public async Task Run_HostileScriptInInput_FaultsActivityWithinOneSecond(string script, string[] limitMessages)
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Wf.Definition(Wf.Flowchart(
            [Wf.WriteLine("before", "before"), Wf.WriteLineJs("hostile", script), Wf.WriteLine("after", "after")],
            [("before", "Done", "hostile"), ("hostile", "Done", "after")])));

        var watch = Stopwatch.StartNew();
        var instance = await harness.RunAsync(definition);
        watch.Stop();

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("hostile");
        incident.Message.ShouldStartWith("input 'text': ");
        limitMessages.ShouldContain(m => incident.Message.Contains(m, StringComparison.Ordinal), $"message was: {incident.Message}");
        watch.ElapsedMilliseconds.ShouldBeLessThan(1000);
        harness.Lines.ShouldBe(["before"]);

        // The engine is unharmed: the next run of the same kind of workflow works.
        var next = await harness.RunJsonAsync(Wf.Definition(Wf.Flowchart([Wf.WriteLineJs("ok", "'still ' + 'running'")]), name: "Next"));
        next.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines[^1].ShouldBe("still running");
    }

    [Fact]
    public async Task Run_HostileRunJavaScript_IsRetryableIncident()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Flowchart(
            [Wf.Activity("script", "Elsa.RunJavaScript", ("script", Wf.Literal("let a = []; while (true) { a.push(1); }")))])));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        instance.Incidents.ShouldHaveSingleItem().ActivityId.ShouldBe("script");
        instance.Incidents[0].Message.ShouldContain("limit");
    }
}
