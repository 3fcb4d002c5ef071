using BenchmarkDotNet.Attributes;
using Orchestrator.Benchmarks.Infrastructure;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.State;

namespace Orchestrator.Benchmarks.State;

/// <summary>
/// Workflow state (de)serialisation of the instance the start/resume flowchart leaves suspended on its
/// "Approved" event bookmark: what a durable host writes after the first burst and reads before the resume.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class StateSerializationBenchmarks
{
    private BenchmarkEngine _engine = null!;
    private CompiledWorkflow _compiled = null!;
    private WorkflowInstance _suspended = null!;
    private byte[] _state = [];

    [GlobalSetup]
    public void Setup()
    {
        _engine = new BenchmarkEngine();
        _compiled = _engine.Compile(BenchmarkWorkflows.Load(BenchmarkWorkflows.StartResumeFlowchart));
        var started = _engine.Runner.StartAsync(_compiled, new StartWorkflowRequest()).AsTask().GetAwaiter().GetResult();
        BenchmarkWorkflows.EnsureSuspendedOnEvent(started, BenchmarkWorkflows.ApprovedEvent);
        _suspended = started.Instance;
        _state = WorkflowStateSerializer.Serialize(_suspended);

        // The round trip must be lossless, or the benchmark would time a serializer that drops state.
        var restored = WorkflowStateSerializer.Deserialize(_state, _compiled);
        if (!WorkflowStateSerializer.Serialize(restored).AsSpan().SequenceEqual(_state) || restored.Bookmarks.Count != 1)
        {
            throw new InvalidOperationException("the workflow state does not survive a serialise/deserialise round trip");
        }

        WarmUp.Run(() => RoundTrip());
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Description = "State serialise + deserialise (suspended instance)")]
    public WorkflowInstance RoundTrip() => WorkflowStateSerializer.Deserialize(WorkflowStateSerializer.Serialize(_suspended), _compiled);

    [Benchmark(Description = "State serialise (suspended instance)")]
    public byte[] Serialize() => WorkflowStateSerializer.Serialize(_suspended);

    [Benchmark(Description = "State deserialise (suspended instance)")]
    public WorkflowInstance Deserialize() => WorkflowStateSerializer.Deserialize(_state, _compiled);
}
