using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Scheduling;
using Orchestrator.Tests.Persistence;
using Quartz;

namespace Orchestrator.Tests.Scheduling;

/// <summary>Scheduled starts on a real SQLite file: one Quartz trigger per published Timer, Cron or StartAt start, at its next occurrence.</summary>
public sealed class WorkflowStartScheduleTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TriggerKey ReportV1 = new("report:v1:start", WorkflowStartSchedule.Group);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"orchestrator-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Sync_PublishedCronStart_SchedulesItsNextOccurrence()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.CronReport("0 */5 * * * *")), cancellationToken: token);

        await host.Services.GetRequiredService<WorkflowStartSchedule>().SyncAsync(token);

        var trigger = (await host.Services.GetRequiredService<IScheduler>().GetTrigger(ReportV1, token)).ShouldNotBeNull();
        trigger.NextFireTimeUtc.ShouldBe(Start.AddMinutes(5));
        trigger.JobKey.ShouldBe(StartWorkflowJob.Key);
    }

    [Fact]
    public async Task Fire_CronStartDue_StartsAnInstanceAndSchedulesTheOccurrenceAfter()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.CronReport("0 */5 * * * *")), cancellationToken: token);
        var schedule = host.Services.GetRequiredService<WorkflowStartSchedule>();
        await schedule.SyncAsync(token);

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var started = await schedule.FireAsync(ReportV1, Start.AddMinutes(5), token);

        var instance = started.ShouldNotBeNull().Instance;
        instance.DefinitionId.ShouldBe("report");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        host.Lines.ShouldBe(["report sent"]);
        (await host.Runtime.Instances.ListAsync(token)).ShouldHaveSingleItem();
        (await host.Services.GetRequiredService<IScheduler>().GetTrigger(ReportV1, token)).ShouldNotBeNull().NextFireTimeUtc.ShouldBe(Start.AddMinutes(10));
    }

    [Fact]
    public async Task Sync_DefinitionRetracted_RemovesItsScheduledStart()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        var published = await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.CronReport("0 */5 * * * *")), cancellationToken: token);
        var schedule = host.Services.GetRequiredService<WorkflowStartSchedule>();
        await schedule.SyncAsync(token);

        await host.Runtime.Definitions.SaveAsync(published.With(d => d["isPublished"] = false), token);
        await host.Runtime.Triggers.ReplaceAsync("report", [], token);
        await schedule.SyncAsync(token);

        (await host.Services.GetRequiredService<IScheduler>().GetTrigger(ReportV1, token)).ShouldBeNull();
    }

    [Fact]
    public async Task Fire_VersionNoLongerPublished_RemovesItselfAndStartsNothing()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.CronReport("0 */5 * * * *")), cancellationToken: token);
        var schedule = host.Services.GetRequiredService<WorkflowStartSchedule>();
        await schedule.SyncAsync(token);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.CronReport("0 0 * * * *", version: 2)), cancellationToken: token);

        host.Clock.Advance(TimeSpan.FromMinutes(5));
        var started = await schedule.FireAsync(ReportV1, Start.AddMinutes(5), token);

        started.ShouldBeNull();
        host.Lines.ShouldBeEmpty();
        (await host.Runtime.Instances.ListAsync(token)).ShouldBeEmpty();
        var scheduler = host.Services.GetRequiredService<IScheduler>();
        (await scheduler.GetTrigger(ReportV1, token)).ShouldBeNull();

        await schedule.SyncAsync(token);

        var v2 = (await scheduler.GetTrigger(new TriggerKey("report:v2:start", WorkflowStartSchedule.Group), token)).ShouldNotBeNull();
        v2.NextFireTimeUtc.ShouldBe(Start.AddHours(1));
    }

    [Fact]
    public async Task Fire_TimerStart_SchedulesOneIntervalAfterTheFiring()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Report("Elsa.Timer", "interval", "01:00:00")), cancellationToken: token);
        var schedule = host.Services.GetRequiredService<WorkflowStartSchedule>();
        var scheduler = host.Services.GetRequiredService<IScheduler>();
        await schedule.SyncAsync(token);
        (await scheduler.GetTrigger(ReportV1, token)).ShouldNotBeNull().NextFireTimeUtc.ShouldBe(Start.AddHours(1));

        host.Clock.Advance(TimeSpan.FromHours(1));
        var started = await schedule.FireAsync(ReportV1, Start.AddHours(1), token);

        started.ShouldNotBeNull().Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        (await scheduler.GetTrigger(ReportV1, token)).ShouldNotBeNull().NextFireTimeUtc.ShouldBe(Start.AddHours(2));
    }

    [Fact]
    public async Task Fire_StartAt_StartsOnceAndSchedulesNothingMore()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Report("Elsa.StartAt", "dateTime", "2026-11-02T12:00:00+00:00")), cancellationToken: token);
        var schedule = host.Services.GetRequiredService<WorkflowStartSchedule>();
        var scheduler = host.Services.GetRequiredService<IScheduler>();
        await schedule.SyncAsync(token);
        (await scheduler.GetTrigger(ReportV1, token)).ShouldNotBeNull().NextFireTimeUtc.ShouldBe(Start.AddHours(3));

        host.Clock.Advance(TimeSpan.FromHours(3));
        var started = await schedule.FireAsync(ReportV1, Start.AddHours(3), token);
        await scheduler.UnscheduleJob(ReportV1, token); // what Quartz does with a one-shot trigger once its firing completes
        await schedule.SyncAsync(token);

        started.ShouldNotBeNull().Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        (await scheduler.GetTrigger(ReportV1, token)).ShouldBeNull();
    }

    public ValueTask DisposeAsync() => SqliteHost.DeleteDatabaseAsync(_file);
}
