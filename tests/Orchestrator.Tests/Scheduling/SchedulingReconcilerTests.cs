using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Scheduling;
using Orchestrator.Tests.Persistence;
using Quartz;

namespace Orchestrator.Tests.Scheduling;

/// <summary>The reconciler on a real SQLite file: the bookmarks are the truth, and every due second among them gets its alarm back.</summary>
public sealed class SchedulingReconcilerTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"orchestrator-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Reconcile_AlarmDeleted_IsArmedAgain()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Delay("00:00:05")), cancellationToken: token);
        await host.Runtime.StartAsync("delay", new StartWorkflowRequest(), token);
        var scheduler = host.Services.GetRequiredService<IScheduler>();
        var key = TimerAlarms.KeyFor(Start.AddSeconds(5).ToUnixTimeSeconds());
        (await scheduler.UnscheduleJob(key, token)).ShouldBeTrue();
        (await scheduler.GetTrigger(key, token)).ShouldBeNull();

        await host.Services.GetRequiredService<SchedulingReconciler>().ReconcileAsync(token);

        (await scheduler.GetTrigger(key, token)).ShouldNotBeNull().NextFireTimeUtc.ShouldBe(Start.AddSeconds(5));
        (await scheduler.TimerAlarmsAsync()).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Reconcile_TimerPastDueAfterDowntime_ArmsAnAlarmThatRingsAtOnce()
    {
        var token = TestContext.Current.CancellationToken;
        await using (var before = await SqliteHost.StartAsync(_file))
        {
            // A host without scheduling commits the timer and arms nothing: the alarm is lost, the bookmark is not.
            await before.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Delay("00:00:05")), cancellationToken: token);
            await before.Runtime.StartAsync("delay", new StartWorkflowRequest(), token);
        }

        var later = new FakeTimeProvider(Start.AddMinutes(10));
        await using var host = await SqliteHost.StartAsync(_file, later, scheduling: true);
        await host.Services.GetRequiredService<SchedulingReconciler>().ReconcileAsync(token);

        var alarm = (await host.Services.GetRequiredService<IScheduler>().GetTrigger(TimerAlarms.KeyFor(Start.AddSeconds(5).ToUnixTimeSeconds()), token)).ShouldNotBeNull();
        alarm.NextFireTimeUtc.ShouldBe(later.GetUtcNow());
    }

    [Fact]
    public async Task Run_EveryThirtySecondsOnTheClock_ArmsAlarmsThatWentMissing()
    {
        var token = TestContext.Current.CancellationToken;
        await using (var before = await SqliteHost.StartAsync(_file))
        {
            await before.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Delay("00:01:00")), cancellationToken: token);
            await before.Runtime.StartAsync("delay", new StartWorkflowRequest(), token);
        }

        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        var scheduler = host.Services.GetRequiredService<IScheduler>();
        await scheduler.GetStatus(token);
        var signals = QuartzSignals.Attach(scheduler);
        var reconciler = host.Services.GetRequiredService<SchedulingReconciler>();
        var key = TimerAlarms.KeyFor(Start.AddMinutes(1).ToUnixTimeSeconds());

        await reconciler.StartAsync(token);
        (await signals.JobScheduledAsync()).ShouldBe(key);
        await scheduler.UnscheduleJob(key, token);
        host.Clock.Advance(SchedulingReconciler.Interval);
        (await signals.JobScheduledAsync()).ShouldBe(key);
        await reconciler.StopAsync(token);

        (await scheduler.GetTrigger(key, token)).ShouldNotBeNull().NextFireTimeUtc.ShouldBe(Start.AddMinutes(1));
    }

    public ValueTask DisposeAsync() => SqliteHost.DeleteDatabaseAsync(_file);
}
