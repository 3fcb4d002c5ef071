using BenchmarkDotNet.Attributes;
using Orchestrator.Benchmarks.Infrastructure;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Benchmarks.Runtime;

/// <summary>
/// The five-activity flowchart started through <see cref="WorkflowRuntime.StartAsync(WorkflowDefinition, StartWorkflowRequest, CancellationToken)"/>:
/// the compiled-definition cache lookup, the burst, and the commit to the in-memory instance and bookmark stores.
/// </summary>
/// <remarks>
/// The in-memory instance store keeps every instance it is given, so over millions of operations it would
/// grow without bound and the benchmark would end up timing dictionary resizes and full GCs of a huge heap.
/// Each measured iteration therefore gets a fresh runtime (new service provider, definition imported and
/// compiled) in <c>[IterationSetup]</c>, outside the timing, and runs a fixed
/// <see cref="IterationSetupConfig.InvocationsPerIteration"/> starts against it. Within one iteration the store
/// does grow to that many instances: that retention (and the GC promotion it causes) is a real cost of
/// this store and is deliberately part of the figure. <see cref="RuntimeReusedIdStartBenchmarks"/> measures the
/// same call without the growth.
/// </remarks>
[Config(typeof(IterationSetupConfig))]
[MemoryDiagnoser]
public class RuntimeStartBenchmarks
{
    private WorkflowDefinition _definition = null!;
    private BenchmarkEngine? _engine;
    private WorkflowRuntime _runtime = null!;

    [GlobalSetup]
    public void Setup()
    {
        _definition = BenchmarkWorkflows.Load(BenchmarkWorkflows.FiveActivityFlowchart);
        FreshRuntime();

        var result = _runtime.StartAsync(_definition, new StartWorkflowRequest()).AsTask().GetAwaiter().GetResult();
        BenchmarkWorkflows.EnsureFinished(result, ["SetPriority", "SetIsUrgent", "IsUrgentDecision", "WriteUrgent", "Flowchart1"], ["WriteRoutine"]);
        if (_runtime.Instances.FindAsync(result.Instance.Id).AsTask().GetAwaiter().GetResult() is null)
        {
            throw new InvalidOperationException("the runtime did not commit the instance to its store");
        }
    }

    [IterationSetup]
    public void FreshRuntime()
    {
        _engine?.Dispose();
        _engine = new BenchmarkEngine();
        _runtime = _engine.Runtime;
        _definition = _runtime.ImportAsync(_definition).AsTask().GetAwaiter().GetResult();
        _engine.Compile(_definition);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine?.Dispose();

    [Benchmark(Description = "5-activity flowchart, WorkflowRuntime.StartAsync (in-memory stores)")]
    public ValueTask<RunResult> StartThroughRuntime() => _runtime.StartAsync(_definition, new StartWorkflowRequest());
}
