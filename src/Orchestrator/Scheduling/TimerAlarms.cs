using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Quartz;

namespace Orchestrator.Scheduling;

/// <summary>
/// The alarms that make timers fire. The due-time bookmark is the truth; an alarm only wakes <see cref="FireDueTimersJob"/>,
/// which resumes whatever is due when it rings and waits in process for timers due later in the same second. Alarms are
/// batched per due second and ring at its start, so a million pending timers cost one Quartz trigger per distinct second
/// among them rather than one each, and none fires late by design.
/// </summary>
internal sealed partial class TimerAlarms(IScheduler scheduler, Database database, TimeProvider time, ILogger<TimerAlarms> logger) : IBurstObserver
{
    public const string Group = "timers";

    private const int MaxRemembered = 100_000;
    private static readonly long UnixEpochSeconds = DateTimeOffset.UnixEpoch.UtcTicks / TimeSpan.TicksPerSecond;

    // Future seconds this process has already armed: a burst of timers due in the same second costs one scheduler call.
    private readonly ConcurrentDictionary<long, byte> _armed = new();

    // A firing job waiting for its next timer: completed when a committed burst asks for an earlier one.
    private TaskCompletionSource _earlierTimer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _waitingUntilTicks = long.MinValue;

    public static TriggerKey KeyFor(long dueSecond) => new($"due-{dueSecond}", Group);

    /// <summary>
    /// A task that completes when a burst committed from now on asks for a timer due before <paramref name="dueAt"/>: the
    /// firing job waits on it beside its delay, so a new, earlier timer is not held up behind a later one.
    /// </summary>
    public Task EarlierTimerRequested(DateTimeOffset dueAt)
    {
        var waiting = Volatile.Read(ref _earlierTimer);
        Volatile.Write(ref _waitingUntilTicks, dueAt.UtcTicks);
        return waiting.Task;
    }

    /// <summary>The alarm second of a due time in Unix seconds, rounded down: the alarm rings at or before the due time.</summary>
    public static long DueSecond(DateTimeOffset dueAt) =>
        Math.DivRem(dueAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.TicksPerSecond, out _);

    public async ValueTask OnCommittedAsync(RunResult result, CancellationToken cancellationToken)
    {
        HashSet<long>? seconds = null;
        var earliest = long.MaxValue;
        foreach (var request in result.Changes.TimerRequests)
        {
            (seconds ??= []).Add(DueSecond(request.DueAt));
            earliest = Math.Min(earliest, request.DueAt.UtcTicks);
        }

        if (seconds is null)
        {
            return;
        }

        if (earliest < Volatile.Read(ref _waitingUntilTicks))
        {
            Volatile.Write(ref _waitingUntilTicks, long.MinValue);
            Interlocked.Exchange(ref _earlierTimer, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        var now = DueSecond(time.GetUtcNow());
        foreach (var second in seconds)
        {
            if (second > now && _armed.ContainsKey(second))
            {
                continue;
            }

            try
            {
                await ArmAsync(second, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The burst is committed; its bookmark is safe, and the reconciler arms the alarm on its next pass.
                LogArmFailed(logger, second, ex);
            }
        }
    }

    /// <summary>Makes sure an alarm rings at the second (at once if it is past); true when one was created, false when it was already set.</summary>
    public async ValueTask<bool> ArmAsync(long dueSecond, CancellationToken cancellationToken)
    {
        var due = DateTimeOffset.FromUnixTimeSeconds(dueSecond);
        var now = time.GetUtcNow();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(KeyFor(dueSecond))
            .ForJob(FireDueTimersJob.Key)
            .StartAt(due > now ? due : now)
            .WithSimpleSchedule(schedule => schedule.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        var result = await scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, cancellationToken);
        if (due > now)
        {
            Remember(dueSecond, DueSecond(now));
        }

        return result.Outcome == ScheduleOutcome.Created;
    }

    /// <summary>Arms an alarm for every distinct due second among the stored bookmarks that lacks one; returns how many it set.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        List<long> dueSeconds;
        await using (var context = database.CreateContext())
        {
            dueSeconds = await context.Bookmarks.AsNoTracking()
                .Where(b => b.DueAt != null)
                .Select(b => b.DueAt!.Value / TimeSpan.TicksPerSecond)
                .Distinct()
                .ToListAsync(cancellationToken);
        }

        if (dueSeconds.Count == 0)
        {
            return 0;
        }

        var set = await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(Group), Take = PagedQuery.All }, cancellationToken);
        var existing = set.Items.Select(t => t.Key).ToHashSet();
        var armed = 0;
        foreach (var second in dueSeconds.Select(s => s - UnixEpochSeconds).Order())
        {
            if (!existing.Contains(KeyFor(second)) && await ArmAsync(second, cancellationToken))
            {
                armed++;
            }
        }

        return armed;
    }

    private void Remember(long dueSecond, long nowSecond)
    {
        if (_armed.Count >= MaxRemembered)
        {
            foreach (var second in _armed.Keys)
            {
                if (second <= nowSecond)
                {
                    _armed.TryRemove(second, out _);
                }
            }

            if (_armed.Count >= MaxRemembered)
            {
                _armed.Clear();
            }
        }

        _armed.TryAdd(dueSecond, 0);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not arm the timer alarm for {DueSecond}; the reconciler will")]
    private static partial void LogArmFailed(ILogger logger, long dueSecond, Exception exception);
}
