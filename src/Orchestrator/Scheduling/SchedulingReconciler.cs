namespace Orchestrator.Scheduling;

/// <summary>
/// Brings Quartz in line with the database at start and every 30 seconds (on the injected clock): an alarm for every due
/// second that lacks one (lost to a crash between commit and arming, or deleted), and the scheduled starts of what is published.
/// </summary>
internal sealed partial class SchedulingReconciler(TimerAlarms alarms, WorkflowStartSchedule starts, TimeProvider time, ILogger<SchedulingReconciler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var armed = await alarms.ReconcileAsync(cancellationToken);
        if (armed > 0)
        {
            LogArmed(logger, armed);
        }

        await starts.SyncAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Armed {Count} missing timer alarms")]
    private static partial void LogArmed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling the schedule failed; trying again at the next pass")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
