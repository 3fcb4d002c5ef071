using System.Diagnostics;

namespace Orchestrator.Benchmarks.Infrastructure;

/// <summary>
/// Runs an operation for a while in <c>[GlobalSetup]</c>, so tiered JIT has promoted its code before
/// BenchmarkDotNet's pilot stage sizes the iterations. Without it the pilot of the JSON-heavy benchmarks
/// times tier-0 code (about 6x slower) and picks iterations far shorter than intended.
/// </summary>
public static class WarmUp
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(1);

    public static void Run(Action operation)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Duration)
        {
            for (var i = 0; i < 100; i++)
            {
                operation();
            }
        }
    }

    public static void Run<T>(Func<ValueTask<T>> operation) => Run(() => operation().AsTask().GetAwaiter().GetResult());
}
