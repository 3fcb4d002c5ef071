using Orchestrator.Engine.Runtime;
using Quartz;

namespace Orchestrator.Scheduling;

/// <summary>
/// What every timer alarm fires: resumes each bookmark due by now. A bookmark already resumed is skipped, so a double or
/// late alarm does nothing more than look.
/// </summary>
internal sealed partial class FireDueTimersJob(WorkflowRuntime runtime, ILogger<FireDueTimersJob> logger) : IJob
{
    public static readonly JobKey Key = new("fire-due-timers", TimerAlarms.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await RunAsync(cancellationToken);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var fired = await runtime.FireDueTimersAsync(cancellationToken);
        Telemetry.HostTelemetry.TimersFired.Add(fired.Count);
        if (fired.Count > 0)
        {
            LogFired(logger, fired.Count);
        }

        return fired.Count;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Fired {Count} due timers")]
    private static partial void LogFired(ILogger logger, int count);
}
