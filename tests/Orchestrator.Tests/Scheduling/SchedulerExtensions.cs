using Orchestrator.Scheduling;
using Quartz;

namespace Orchestrator.Tests.Scheduling;

internal static class SchedulerExtensions
{
    /// <summary>Every timer alarm Quartz holds.</summary>
    public static async Task<IReadOnlyList<TriggerHeader>> TimerAlarmsAsync(this IScheduler scheduler) =>
        (await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(TimerAlarms.Group), Take = PagedQuery.All }, TestContext.Current.CancellationToken)).Items;
}
