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

    public ValueTask DisposeAsync() => SqliteHost.DeleteDatabaseAsync(_file);
}
