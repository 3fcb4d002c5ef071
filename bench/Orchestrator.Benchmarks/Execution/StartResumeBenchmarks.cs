using BenchmarkDotNet.Attributes;
using Orchestrator.Benchmarks.Infrastructure;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Benchmarks.Execution;

/// <summary>
/// Start + resume per operation through <see cref="WorkflowRunner"/> directly: WriteLine, then the run suspends
/// on an <c>Elsa.Event</c> ("Approved") bookmark; the bookmark is resumed with a payload and the second
/// WriteLine finishes the run. Two bursts, no store.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class StartResumeBenchmarks
{
    /// <summary>The event payload; built once, as a host would hand over an already-deserialised stimulus.</summary>
    private static readonly Dictionary<string, object?> Payload = new(StringComparer.Ordinal)
    {
        ["approvedBy"] = "alice",
        ["level"] = 2,
    };

    private BenchmarkEngine _engine = null!;
    private WorkflowRunner _runner = null!;
    private CompiledWorkflow _compiled = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new BenchmarkEngine();
        _runner = _engine.Runner;
        _compiled = _engine.Compile(BenchmarkWorkflows.Load(BenchmarkWorkflows.StartResumeFlowchart));

        var started = _runner.StartAsync(_compiled, new StartWorkflowRequest()).AsTask().GetAwaiter().GetResult();
        var bookmark = BenchmarkWorkflows.EnsureSuspendedOnEvent(started, BenchmarkWorkflows.ApprovedEvent);
        BenchmarkWorkflows.EnsureCompleted(started, ["WriteRequested"], ["WaitApproved", "WriteApproved"]);
        var resumed = _runner.ResumeAsync(_compiled, started.Instance, bookmark.Id, Payload).AsTask().GetAwaiter().GetResult();
        BenchmarkWorkflows.EnsureFinished(resumed, ["WaitApproved", "WriteApproved", "Flowchart1"], []);
        if (!ReferenceEquals(resumed.Instance.LastResult, Payload))
        {
            throw new InvalidOperationException("the Event activity did not complete with the resume payload");
        }

        WarmUp.Run(StartAndResume);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Description = "Start (suspend on Event) + resume to completion, WorkflowRunner")]
    public async ValueTask<RunResult> StartAndResume()
    {
        var started = await _runner.StartAsync(_compiled, new StartWorkflowRequest());
        var instance = started.Instance;
        return await _runner.ResumeAsync(_compiled, instance, instance.Bookmarks[0].Id, Payload);
    }
}
