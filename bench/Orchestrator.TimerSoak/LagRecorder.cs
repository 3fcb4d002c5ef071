using Orchestrator.Engine.Activities.Timers;
using Orchestrator.Engine.Execution;

namespace Orchestrator.TimerSoak;

/// <summary>
/// Records, for every Delay bookmark a committed burst consumed, how late it was: the resume burst's end
/// (<c>FinishedAt</c>) and the moment its commit was acknowledged, each minus the bookmark's due time.
/// Preallocated, so recording allocates nothing.
/// </summary>
internal sealed class LagRecorder(int capacity, DateTimeOffset firstDue, int seconds, TimeProvider clock)
{
    private readonly float[] _resumeLagMs = new float[capacity];
    private readonly float[] _commitLagMs = new float[capacity];
    private readonly int[] _firedPerSecond = new int[seconds];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyList<int> FiredPerSecond => _firedPerSecond;

    public void OnBurstCommitted(RunResult result)
    {
        foreach (var bookmark in result.Changes.BookmarksRemoved)
        {
            if (bookmark.Name != Delay.StimulusName || bookmark.DueAt is not { } due)
            {
                continue;
            }

            var now = clock.GetUtcNow();
            var resumedAt = result.Instance.FinishedAt ?? result.Instance.UpdatedAt;
            var slot = Interlocked.Increment(ref _count) - 1;
            if (slot < capacity)
            {
                _resumeLagMs[slot] = (float)(resumedAt - due).TotalMilliseconds;
                _commitLagMs[slot] = (float)(now - due).TotalMilliseconds;
            }

            var second = (int)Math.Floor((now - firstDue).TotalSeconds);
            if (second >= 0 && second < _firedPerSecond.Length)
            {
                Interlocked.Increment(ref _firedPerSecond[second]);
            }
        }
    }

    /// <summary>Resume lags (ms) of the timers fired in <c>[from, to)</c>, in firing order.</summary>
    public float[] ResumeLags(int from, int to) => _resumeLagMs[Math.Min(from, capacity)..Math.Min(to, capacity)];

    public float[] CommitLags(int from, int to) => _commitLagMs[Math.Min(from, capacity)..Math.Min(to, capacity)];
}

internal static class Percentiles
{
    /// <summary>p50, p90, p99 and max of the values (sorted in place); NaN for none.</summary>
    public static (double P50, double P90, double P99, double Max) Of(float[] values)
    {
        if (values.Length == 0)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN);
        }

        Array.Sort(values);
        return (At(values, 0.50), At(values, 0.90), At(values, 0.99), values[^1]);
    }

    private static double At(float[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
