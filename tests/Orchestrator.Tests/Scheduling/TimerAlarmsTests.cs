using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Scheduling;
using Orchestrator.Tests.Persistence;
using Quartz;

namespace Orchestrator.Tests.Scheduling;

/// <summary>Timer alarms on a real SQLite file: a committed timer arms one Quartz trigger for its due second, shared by every timer due in it.</summary>
public sealed class TimerAlarmsTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"orchestrator-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Commit_DelayWorkflow_ArmsOneAlarmForItsDueSecond()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Delay("00:00:05")), cancellationToken: token);

        await host.Runtime.StartAsync("delay", new StartWorkflowRequest(), token);

        var scheduler = host.Services.GetRequiredService<IScheduler>();
        var due = Start.AddSeconds(5);
        var alarm = (await scheduler.GetTrigger(TimerAlarms.KeyFor(due.ToUnixTimeSeconds()), token)).ShouldNotBeNull();
        alarm.NextFireTimeUtc.ShouldBe(due);
        alarm.JobKey.ShouldBe(FireDueTimersJob.Key);
        (await scheduler.TimerAlarmsAsync()).ShouldHaveSingleItem().Key.ShouldBe(alarm.Key);
    }

    [Fact]
    public async Task Commit_TwoTimersDueInTheSameSecond_ShareOneAlarmAtTheStartOfTheSecond()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Delay("00:00:04.5")), cancellationToken: token);

        await host.Runtime.StartAsync("delay", new StartWorkflowRequest(), token);
        host.Clock.Advance(TimeSpan.FromMilliseconds(200));
        await host.Runtime.StartAsync("delay", new StartWorkflowRequest(), token);

        var alarm = (await host.Services.GetRequiredService<IScheduler>().TimerAlarmsAsync()).ShouldHaveSingleItem();
        alarm.Key.ShouldBe(TimerAlarms.KeyFor(Start.AddSeconds(4).ToUnixTimeSeconds()));
        alarm.NextFireTimeUtc.ShouldBe(Start.AddSeconds(4));
    }

    [Fact]
    public async Task Arm_SecondAlreadyArmed_KeepsTheExistingAlarm()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        var alarms = host.Services.GetRequiredService<TimerAlarms>();
        var second = Start.AddMinutes(1).ToUnixTimeSeconds();

        var first = await alarms.ArmAsync(second, token);
        var again = await alarms.ArmAsync(second, token);

        first.ShouldBeTrue();
        again.ShouldBeFalse();
        (await host.Services.GetRequiredService<IScheduler>().TimerAlarmsAsync()).ShouldHaveSingleItem().NextFireTimeUtc.ShouldBe(Start.AddMinutes(1));
    }

    [Theory]
    [InlineData("2026-11-02T09:00:05.0000000+00:00", 1793610005)]
    [InlineData("2026-11-02T09:00:04.0000001+00:00", 1793610004)]
    [InlineData("2026-11-02T09:00:04.9990000+00:00", 1793610004)]
    public void DueSecond_RoundsDownToTheStartOfTheSecond(string dueAt, long expected) =>
        TimerAlarms.DueSecond(DateTimeOffset.Parse(dueAt, CultureInfo.InvariantCulture)).ShouldBe(expected);

    public ValueTask DisposeAsync() => SqliteHost.DeleteDatabaseAsync(_file);
}
