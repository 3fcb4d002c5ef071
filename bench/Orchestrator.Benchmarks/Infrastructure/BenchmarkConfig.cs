using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace Orchestrator.Benchmarks.Infrastructure;

/// <summary>
/// The suite's job: one launch, 5 warm-up and 20 measured iterations (BenchmarkDotNet sizes each iteration to
/// about 500 ms), so the whole suite runs in a few minutes on a 2-core machine; plus median and ops/s (from the mean) columns.
/// </summary>
public class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(20)
            .WithId("Engine"));
        AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
    }
}

/// <summary>
/// For benchmarks with an <c>[IterationSetup]</c>: BenchmarkDotNet would otherwise run them with one invocation
/// per iteration, far too short to time a microsecond operation, so the invocation count is fixed instead.
/// </summary>
public class IterationSetupConfig : ManualConfig
{
    /// <summary>Invocations per measured iteration (a multiple of the default unroll factor, 16).</summary>
    public const int InvocationsPerIteration = 16_384;

    public IterationSetupConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(5)
            .WithIterationCount(20)
            .WithInvocationCount(InvocationsPerIteration)
            .WithUnrollFactor(16)
            .WithId("Engine"));
        AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
    }
}
