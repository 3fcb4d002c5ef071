using BenchmarkDotNet.Attributes;
using Orchestrator.Benchmarks.Infrastructure;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Benchmarks.Runtime;

/// <summary>
/// The five-activity flowchart through <see cref="WorkflowRuntime.StartAsync(WorkflowDefinition, StartWorkflowRequest, CancellationToken)"/>
/// with every run under one reused instance id: the in-memory store overwrites a single entry and never grows.
/// Compared with <see cref="RuntimeStartBenchmarks"/> it isolates what retaining every instance costs; compared
/// with the runner-only benchmark, what the runtime's commit (instance save, bookmark apply) costs. Without store
/// growth there is nothing to reset per iteration, so BenchmarkDotNet sizes the iterations itself.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class RuntimeReusedIdStartBenchmarks
{
    private const string ReusedInstanceId = "bench-reused-instance";

    private BenchmarkEngine _engine = null!;
    private WorkflowRuntime _runtime = null!;
    private WorkflowDefinition _definition = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new BenchmarkEngine();
        _runtime = _engine.Runtime;
        _definition = _runtime.ImportAsync(BenchmarkWorkflows.Load(BenchmarkWorkflows.FiveActivityFlowchart)).AsTask().GetAwaiter().GetResult();
        _engine.Compile(_definition);

        var result = StartThroughRuntimeReusedId().AsTask().GetAwaiter().GetResult();
        BenchmarkWorkflows.EnsureFinished(result, ["SetPriority", "SetIsUrgent", "IsUrgentDecision", "WriteUrgent", "Flowchart1"], ["WriteRoutine"]);
        WarmUp.Run(StartThroughRuntimeReusedId);
        if (_runtime.Instances.ListAsync().AsTask().GetAwaiter().GetResult().Count != 1)
        {
            throw new InvalidOperationException("the instance store grew although every run reused one instance id");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Description = "5-activity flowchart, WorkflowRuntime.StartAsync, one reused instance id (store does not grow)")]
    public ValueTask<RunResult> StartThroughRuntimeReusedId() => _runtime.StartAsync(_definition, new StartWorkflowRequest { InstanceId = ReusedInstanceId });
}
