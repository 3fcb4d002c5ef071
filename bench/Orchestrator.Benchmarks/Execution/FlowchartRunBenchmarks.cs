using BenchmarkDotNet.Attributes;
using Orchestrator.Benchmarks.Infrastructure;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Benchmarks.Execution;

/// <summary>
/// The pure engine burst: the five-activity flowchart (2 SetVariable, FlowDecision on a Variable expression,
/// WriteLine on the taken branch) compiled once, then run to completion per operation by
/// <see cref="WorkflowRunner.StartAsync"/> directly: no store, no commit.
/// </summary>
[Config(typeof(BenchmarkConfig))]
[MemoryDiagnoser]
public class FlowchartRunBenchmarks
{
    private BenchmarkEngine _engine = null!;
    private WorkflowRunner _runner = null!;
    private CompiledWorkflow _compiled = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new BenchmarkEngine();
        _runner = _engine.Runner;
        _compiled = _engine.Compile(BenchmarkWorkflows.Load(BenchmarkWorkflows.FiveActivityFlowchart));

        // One checked run: the benchmark must measure a run that takes the True branch and finishes cleanly.
        var result = _runner.StartAsync(_compiled, new StartWorkflowRequest()).AsTask().GetAwaiter().GetResult();
        BenchmarkWorkflows.EnsureFinished(result, ["SetPriority", "SetIsUrgent", "IsUrgentDecision", "WriteUrgent", "Flowchart1"], ["WriteRoutine"]);
        var variables = result.Instance.GetVariables();
        if (!Equals(variables["Priority"], 3) || !Equals(variables["IsUrgent"], true))
        {
            throw new InvalidOperationException($"unexpected variables: Priority={variables["Priority"]}, IsUrgent={variables["IsUrgent"]}");
        }

        WarmUp.Run(RunFlowchart);
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    [Benchmark(Description = "5-activity flowchart, WorkflowRunner.StartAsync")]
    public ValueTask<RunResult> RunFlowchart() => _runner.StartAsync(_compiled, new StartWorkflowRequest());
}
