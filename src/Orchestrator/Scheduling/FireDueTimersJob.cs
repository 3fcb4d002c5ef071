using Orchestrator.Engine.Runtime;
using Quartz;

namespace Orchestrator.Scheduling;

/// <summary>
/// What every timer alarm fires: resumes each bookmark due by now, then keeps going while the next timer is due within
/// <see cref="Horizon"/>, waiting for it in process instead of leaving it to its own alarm. An alarm rings at the start
/// of its due second, so a timer due later in that second fires on its due time, not up to a second late; a steady
/// stream of timers is fired as it falls due by one running job, with no scheduler round-trip per second. A bookmark
/// already resumed is skipped, so a double or late alarm does nothing more than look.
/// </summary>
internal sealed partial class FireDueTimersJob(
    WorkflowRuntime runtime,
    TimerAlarms alarms,
    TimeProvider time,
    ILogger<FireDueTimersJob> logger,
    IHostApplicationLifetime? lifetime = null) : IJob
{
    public static readonly JobKey Key = new("fire-due-timers", TimerAlarms.Group);

    /// <summary>How far ahead the job waits for the next timer itself; anything later is left to its alarm.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one job keeps firing before it hands back to the scheduler (another alarm, or another node of a cluster,
    /// carries on): alarms queued behind it, and a shutdown, never wait longer than this.
    /// </summary>
    public static readonly TimeSpan MaxRun = TimeSpan.FromSeconds(30);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RunAsync(cancellationToken);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // The host stopping ends a wait for the next timer at once; a firing under way finishes its page.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime?.ApplicationStopping ?? CancellationToken.None);
        var started = time.GetUtcNow();
        var total = 0;
        while (true)
        {
            var firedUpTo = time.GetUtcNow();
            var fired = await runtime.FireDueTimersAsync(onResumed: null, cancellationToken);
            total += fired;
            Telemetry.HostTelemetry.TimersFired.Add(fired);
            var next = await runtime.Bookmarks.FindNextDueAtAsync(cancellationToken);
            var now = time.GetUtcNow();
            if (next is not { } due || due - now > Horizon || now - started >= MaxRun || (due <= firedUpTo && fired == 0))
            {
                // Nothing soon, time to hand back, or a due timer that would not resume (it stays for its alarm's retry).
                break;
            }

            if (due > now && !await WaitAsync(due - now, alarms.EarlierTimerRequested(due), stopping.Token))
            {
                break;
            }
        }

        if (total > 0)
        {
            LogFired(logger, total);
        }

        return total;
    }

    /// <summary>Waits until the next timer is due, or until a commit asks for a timer (maybe an earlier one); false when the host stops.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, Task wake, CancellationToken stopping)
    {
        try
        {
            await Task.WhenAny(Task.Delay(delay, time, stopping), wake.WaitAsync(stopping));
            return !stopping.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fired {Count} due timers")]
    private static partial void LogFired(ILogger logger, int count);
}
