using System.Threading.Channels;
using Quartz;

namespace Orchestrator.Tests.Scheduling;

/// <summary>Quartz's own notifications as awaitable signals, so a test waits for what happened rather than for time to pass.</summary>
internal sealed class QuartzSignals : ISchedulerListener, IJobListener
{
    /// <summary>Only a safety net: a signal that does not come within it fails the test instead of hanging it.</summary>
    public static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private readonly Channel<JobKey> _executed = Channel.CreateUnbounded<JobKey>();
    private readonly Channel<TriggerKey> _finalized = Channel.CreateUnbounded<TriggerKey>();
    private readonly Channel<TriggerKey> _scheduled = Channel.CreateUnbounded<TriggerKey>();

    public string Name => nameof(QuartzSignals);

    /// <summary>Listens to a scheduler that has been built (any awaited call builds it).</summary>
    public static QuartzSignals Attach(IScheduler scheduler)
    {
        var signals = new QuartzSignals();
        scheduler.ListenerManager.AddSchedulerListener(signals);
        scheduler.ListenerManager.AddJobListener(signals, [Matchers.AllJobs()]);
        return signals;
    }

    /// <summary>The next job whose execution finished (its work is done; the store is told right after).</summary>
    public Task<JobKey> JobExecutedAsync() => _executed.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(SafetyNet);

    /// <summary>The next trigger Quartz says will never fire again: a one-shot whose firing has completed.</summary>
    public Task<TriggerKey> TriggerFinalizedAsync() => _finalized.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(SafetyNet);

    /// <summary>The next trigger stored (not one kept because it was already there).</summary>
    public Task<TriggerKey> JobScheduledAsync() => _scheduled.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(SafetyNet);

    /// <summary>
    /// Waits until the store no longer holds the trigger. Quartz raises <see cref="ISchedulerListener.TriggerFinalized"/> from
    /// inside the store's transaction, so the row can still be visible for a moment after the signal.
    /// </summary>
    public static async Task TriggerRemovedAsync(IScheduler scheduler, TriggerKey key)
    {
        var token = TestContext.Current.CancellationToken;
        using var safety = CancellationTokenSource.CreateLinkedTokenSource(token);
        safety.CancelAfter(SafetyNet);
        while (await scheduler.GetTrigger(key, safety.Token) is not null)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), safety.Token);
        }
    }

    ValueTask IJobListener.JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
    {
        _executed.Writer.TryWrite(context.JobDetail.Key);
        return default;
    }

    ValueTask ISchedulerListener.JobScheduled(IScheduler scheduler, ITrigger trigger, CancellationToken cancellationToken)
    {
        _scheduled.Writer.TryWrite(trigger.Key);
        return default;
    }

    ValueTask ISchedulerListener.TriggerFinalized(IScheduler scheduler, ITrigger trigger, CancellationToken cancellationToken)
    {
        _finalized.Writer.TryWrite(trigger.Key);
        return default;
    }
}
