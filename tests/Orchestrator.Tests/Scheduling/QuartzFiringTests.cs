using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Scheduling;
using Orchestrator.Tests.Persistence;
using Quartz;

namespace Orchestrator.Tests.Scheduling;

/// <summary>
/// The whole path through a started Quartz scheduler on the fake clock (<c>UseTimeProvider</c>): advancing the clock past an
/// alarm makes Quartz fire the real job against the real SQLite file.
/// </summary>
public sealed class QuartzFiringTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"orchestrator-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Delay_ClockAdvancedFiveSeconds_FiresThroughQuartzExactlyOnce()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Delay("00:00:05")), cancellationToken: token);
        var finished = new TaskCompletionSource<RunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finishes = 0;
        host.Runtime.BurstCommitted += result =>
        {
            if (result.Instance.SubStatus == WorkflowSubStatus.Finished)
            {
                Interlocked.Increment(ref finishes);
                finished.TrySetResult(result);
            }
        };
        var scheduler = host.Services.GetRequiredService<IScheduler>();
        await host.StartSchedulerAsync();
        var signals = QuartzSignals.Attach(scheduler);
        scheduler.TimeProvider.ShouldBeSameAs(host.Clock);
        var instanceId = (await host.Runtime.StartAsync("delay", new StartWorkflowRequest(), token)).Instance.Id;
        var alarm = TimerAlarms.KeyFor(Start.AddSeconds(5).ToUnixTimeSeconds());
        finished.Task.IsCompleted.ShouldBeFalse();

        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var fired = await finished.Task.WaitAsync(QuartzSignals.SafetyNet, token);
        (await signals.TriggerFinalizedAsync()).ShouldBe(alarm);

        fired.Instance.Id.ShouldBe(instanceId);
        host.Lines.ShouldBe(["fired"]);
        finishes.ShouldBe(1);
        await QuartzSignals.TriggerRemovedAsync(scheduler, alarm);
        (await host.Runtime.Bookmarks.FindByInstanceAsync(instanceId, token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Delay_DueWhileTheHostWasDown_FiresOnceLateWhenTheSchedulerStarts()
    {
        var token = TestContext.Current.CancellationToken;
        string instanceId;
        await using (var before = await SqliteHost.StartAsync(_file, scheduling: true))
        {
            await before.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Delay("00:00:05")), cancellationToken: token);
            instanceId = (await before.Runtime.StartAsync("delay", new StartWorkflowRequest(), token)).Instance.Id;
        }

        await using var host = await SqliteHost.StartAsync(_file, new FakeTimeProvider(Start.AddHours(1)), scheduling: true);
        var finished = new TaskCompletionSource<RunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Runtime.BurstCommitted += result => finished.TrySetResult(result);
        var scheduler = host.Services.GetRequiredService<IScheduler>();

        // Listening before the start: the overdue alarm fires, and can finish, as soon as the scheduler runs.
        var signals = QuartzSignals.Attach(scheduler);
        await host.StartSchedulerAsync();

        var fired = await finished.Task.WaitAsync(QuartzSignals.SafetyNet, token);
        (await signals.TriggerFinalizedAsync()).ShouldBe(TimerAlarms.KeyFor(Start.AddSeconds(5).ToUnixTimeSeconds()));

        fired.Instance.Id.ShouldBe(instanceId);
        fired.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        host.Lines.ShouldBe(["fired"]);
    }

    [Fact]
    public async Task CronStart_ClockAdvancedPastTwoOccurrences_StartsTwiceThroughQuartz()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.CronReport("*/10 * * * * *")), cancellationToken: token);
        await host.Services.GetRequiredService<WorkflowStartSchedule>().SyncAsync(token);
        var scheduler = host.Services.GetRequiredService<IScheduler>();
        await host.StartSchedulerAsync();
        var signals = QuartzSignals.Attach(scheduler);
        var key = new TriggerKey("report:v1:start", WorkflowStartSchedule.Group);

        host.Clock.Advance(TimeSpan.FromSeconds(10));
        (await signals.JobExecutedAsync()).ShouldBe(StartWorkflowJob.Key);
        (await signals.TriggerFinalizedAsync()).ShouldBe(key);
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        (await signals.JobExecutedAsync()).ShouldBe(StartWorkflowJob.Key);
        (await signals.TriggerFinalizedAsync()).ShouldBe(key);

        host.Lines.ShouldBe(["report sent", "report sent"]);
        (await host.Runtime.Instances.ListAsync(token)).Count.ShouldBe(2);
        (await scheduler.GetTrigger(key, token)).ShouldNotBeNull().NextFireTimeUtc.ShouldBe(Start.AddSeconds(30));
    }

    public ValueTask DisposeAsync() => SqliteHost.DeleteDatabaseAsync(_file);
}
