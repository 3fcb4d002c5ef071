using System.Globalization;
using Cronos;
using Orchestrator.Engine.Activities.Timers;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Quartz;
using Timer = Orchestrator.Engine.Activities.Timers.Timer;

namespace Orchestrator.Scheduling;

/// <summary>
/// Starts workflows on schedule. Each published <c>Elsa.Timer</c>, <c>Elsa.Cron</c> and <c>Elsa.StartAt</c> start trigger has
/// one Quartz trigger whose fire time is its next occurrence; each firing starts the exact version that was published and
/// sets the one after. The trigger store is the truth: <see cref="SyncAsync"/> brings Quartz in line with it.
/// </summary>
internal sealed partial class WorkflowStartSchedule(IScheduler scheduler, WorkflowRuntime runtime, TimeProvider time, ILogger<WorkflowStartSchedule> logger) : Definitions.ITriggerIndexObserver
{
    public const string Group = "starts";

    public static bool IsScheduled(string triggerName) => triggerName is Timer.StimulusName or Cron.StimulusName or StartAt.StimulusName;

    public static TriggerKey KeyFor(StoredTrigger trigger) => new($"{trigger.DefinitionVersionId}:{trigger.ActivityId}", Group);

    /// <summary>
    /// Adds the Quartz trigger of every scheduled start trigger that lacks one and removes those whose start trigger is gone.
    /// The definitions API calls it right after a publish or a retract; the reconciler calls it periodically.
    /// </summary>
    /// <summary>Timed starts are few: any change to one definition's triggers resyncs them all.</summary>
    public Task OnTriggersChangedAsync(string definitionId, CancellationToken cancellationToken) => SyncAsync(cancellationToken);

    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        var wanted = new Dictionary<TriggerKey, StoredTrigger>();
        foreach (var trigger in await runtime.Triggers.ListAsync(cancellationToken))
        {
            if (IsScheduled(trigger.Name))
            {
                wanted[KeyFor(trigger)] = trigger;
            }
        }

        var set = await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(Group), Take = PagedQuery.All }, cancellationToken);
        var existing = new HashSet<TriggerKey>();
        foreach (var header in set.Items)
        {
            if (wanted.ContainsKey(header.Key))
            {
                existing.Add(header.Key);
            }
            else
            {
                await scheduler.UnscheduleJob(header.Key, cancellationToken);
                LogRemoved(logger, header.Key.Name);
            }
        }

        var now = time.GetUtcNow();
        foreach (var (key, trigger) in wanted)
        {
            if (!existing.Contains(key) && NextOccurrence(trigger, now, now) is { } next)
            {
                await ArmAsync(trigger, next, TriggerConflict.Keep, cancellationToken);
            }
        }
    }

    /// <summary>
    /// One scheduled start: starts the workflow if the trigger still belongs to the published version, then sets the next
    /// occurrence. A trigger whose version is no longer published, or that is no longer stored, removes itself and starts nothing.
    /// </summary>
    public async Task<RunResult?> FireAsync(TriggerKey key, DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var trigger = (await runtime.Triggers.ListAsync(cancellationToken)).FirstOrDefault(t => IsScheduled(t.Name) && KeyFor(t).Equals(key));
        var definition = trigger is null ? null : await runtime.Definitions.FindPublishedAsync(trigger.DefinitionId, cancellationToken);
        if (trigger is null || definition is null || definition.Id != trigger.DefinitionVersionId)
        {
            await scheduler.UnscheduleJob(key, cancellationToken);
            LogRemoved(logger, key.Name);
            return null;
        }

        try
        {
            return await runtime.StartAsync(definition, new StartWorkflowRequest { TriggerActivityId = trigger.ActivityId }, cancellationToken);
        }
        finally
        {
            // Set even when the start failed: one bad run must not end the schedule.
            if (NextOccurrence(trigger, scheduledAt, time.GetUtcNow()) is { } next)
            {
                await ArmAsync(trigger, next, TriggerConflict.Replace, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The occurrence after <paramref name="after"/> that is still ahead of <paramref name="now"/>: occurrences missed while
    /// the host was down are not made up one by one (the missed firing itself fires once, late). Null when there is none.
    /// </summary>
    public DateTimeOffset? NextOccurrence(StoredTrigger trigger, DateTimeOffset after, DateTimeOffset now)
    {
        try
        {
            switch (trigger.Name)
            {
                case Cron.StimulusName:
                    var from = after > now ? after : now;
                    return Cron.Parse(Read(trigger, "cronExpression")).GetNextOccurrence(from, TimeZoneInfo.Utc);
                case Timer.StimulusName:
                    var interval = TimeSpan.Parse(Read(trigger, "interval"), CultureInfo.InvariantCulture);
                    var next = after + interval;
                    return next > now ? next : now + interval;
                case StartAt.StimulusName:
                    var at = DateTimeOffset.Parse(Read(trigger, "dateTime"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                    return at > now ? at : null;
                default:
                    return null;
            }
        }
        catch (Exception ex) when (ex is FormatException or CronFormatException or OverflowException)
        {
            LogUnreadable(logger, trigger.DefinitionId, trigger.ActivityId, ex);
            return null;
        }
    }

    private static string Read(StoredTrigger trigger, string property) =>
        trigger.Payload[property]?.GetValue<string>() ?? throw new FormatException($"the trigger has no '{property}'");

    private async Task ArmAsync(StoredTrigger trigger, DateTimeOffset next, TriggerConflict onConflict, CancellationToken cancellationToken)
    {
        var alarm = TriggerBuilder.Create(time)
            .WithIdentity(KeyFor(trigger))
            .ForJob(StartWorkflowJob.Key)
            .WithDescription($"{trigger.Name} start of {trigger.DefinitionId}")
            .StartAt(next)
            .WithSimpleSchedule(schedule => schedule.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleTrigger(alarm, onConflict, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed scheduled start {Trigger}: its trigger is no longer published")]
    private static partial void LogRemoved(ILogger logger, string trigger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The schedule of start trigger {ActivityId} in {DefinitionId} cannot be read; it does not start")]
    private static partial void LogUnreadable(ILogger logger, string definitionId, string activityId, Exception exception);
}
