using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Scheduling;
using Orchestrator.Tests.Persistence;

namespace Orchestrator.Tests.Scheduling;

/// <summary>The timer job on a real SQLite file: it resumes what is due by the clock, and running it again does nothing more.</summary>
public sealed class FireDueTimersJobTests : IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"orchestrator-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task FireDueTimersJob_RunTwiceAfterTheDueTime_ResumesTheBookmarkOnce()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Delay("00:00:05")), cancellationToken: token);
        var instanceId = (await host.Runtime.StartAsync("delay", new StartWorkflowRequest(), token)).Instance.Id;
        var job = ActivatorUtilities.CreateInstance<FireDueTimersJob>(host.Services);
        (await job.RunAsync(token)).ShouldBe(0);

        host.Clock.Advance(TimeSpan.FromSeconds(5));
        var first = await job.RunAsync(token);
        var second = await job.RunAsync(token);

        first.ShouldBe(1);
        second.ShouldBe(0);
        host.Lines.ShouldBe(["fired"]);
        (await host.Runtime.Instances.FindAsync(instanceId, token)).ShouldNotBeNull().SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task RunAsync_TimerDueLaterInTheSecondTheAlarmRangFor_WaitsAndFiresItOnTimeInTheSameRun()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Delay("00:00:04.6")), cancellationToken: token);
        var instanceId = (await host.Runtime.StartAsync("delay", new StartWorkflowRequest(), token)).Instance.Id;
        var dueAt = host.Clock.GetUtcNow() + TimeSpan.FromMilliseconds(4600);
        DateTimeOffset? finishedAt = null;
        host.Runtime.BurstCommitted += result => finishedAt ??= result.Instance.SubStatus == WorkflowSubStatus.Finished ? host.Clock.GetUtcNow() : null;
        var job = ActivatorUtilities.CreateInstance<FireDueTimersJob>(host.Services);

        // The alarm for the timer's second rings at its start, 600 ms before the timer is due.
        host.Clock.Advance(TimeSpan.FromSeconds(4));
        var run = job.RunAsync(token);
        host.Clock.Advance(TimeSpan.FromMilliseconds(600));
        var fired = await run.WaitAsync(TimeSpan.FromSeconds(30), token);

        fired.ShouldBe(1);
        finishedAt.ShouldNotBeNull().ToString("O", CultureInfo.InvariantCulture).ShouldBe(dueAt.ToString("O", CultureInfo.InvariantCulture));
        host.Lines.ShouldBe(["fired"]);
        (await host.Runtime.Instances.FindAsync(instanceId, token)).ShouldNotBeNull().SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task RunAsync_NextTimerBeyondTheHorizon_ReturnsWithoutWaitingForIt()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file, scheduling: true);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(ScheduledWorkflows.Delay("00:00:05")), cancellationToken: token);
        await host.Runtime.StartAsync("delay", new StartWorkflowRequest(), token);
        var job = ActivatorUtilities.CreateInstance<FireDueTimersJob>(host.Services);

        host.Clock.Advance(TimeSpan.FromSeconds(5) - FireDueTimersJob.Horizon - TimeSpan.FromMilliseconds(1));
        var fired = await job.RunAsync(token).WaitAsync(TimeSpan.FromSeconds(30), token);

        fired.ShouldBe(0);
        host.Lines.ShouldBeEmpty();
    }

    public ValueTask DisposeAsync() => SqliteHost.DeleteDatabaseAsync(_file);
}
