using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Activities;
using Orchestrator.Activities.Tasks;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Orchestrator.Tasks;
using Orchestrator.Tests.Persistence;

namespace Orchestrator.Tests.Tasks;

/// <summary>The task list on a real database: rows commit with the burst that made them, survive the host, and roll back with a burst that fails.</summary>
public abstract class TaskPersistenceTests
{
    private const string Onboarding = """
        {
          "definitionId": "onboarding", "name": "Onboarding", "version": 1,
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "kickoff", "type": "Orchestrator.AssignTask",
                "title": { "typeName": "String", "expression": { "type": "Literal", "value": "Kickoff call" } },
                "owner": { "typeName": "String", "expression": { "type": "Literal", "value": "person:alice" } },
                "dueAt": { "typeName": "DateTimeOffset", "expression": { "type": "Literal", "value": "2026-11-05T17:00:00+00:00" } },
                "notifyOwner": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "false" } } }
            ] }
        }
        """;

    private protected abstract Task<string> ConnectionStringAsync();

    [Fact]
    public async Task Commit_AssignAndComplete_RowFollowsEachBurstAcrossRestarts()
    {
        var connection = await ConnectionStringAsync();
        string taskId;
        string instanceId;
        await using (var first = await TaskHost.StartAsync(connection))
        {
            var definition = await first.Runtime.ImportAsync(WorkflowDefinitionReader.Read(Onboarding), cancellationToken: TestContext.Current.CancellationToken);
            var started = await first.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
            instanceId = started.Instance.Id;
            var open = (await first.Tasks.ListAsync(new TaskQuery(OwnerPersonId: "alice"), TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
            open.Status.ShouldBe(HumanTaskStatus.Open);
            open.WorkflowInstanceId.ShouldBe(instanceId);
            taskId = open.Id;
        }

        await using var second = await TaskHost.StartAsync(connection);
        second.Clock.Advance(TimeSpan.FromHours(2));
        await second.Runtime.DeliverAsync(TaskStimulus.Name, taskId, null, TaskStimulus.Input(TaskStimulus.Complete, "alice", "held"), TestContext.Current.CancellationToken);

        var done = (await second.Tasks.FindAsync(taskId, TestContext.Current.CancellationToken)).ShouldNotBeNull();
        done.Status.ShouldBe(HumanTaskStatus.Completed);
        done.Comment.ShouldBe("held");
        done.CompletedAt.ShouldBe(new DateTimeOffset(2026, 11, 2, 11, 0, 0, TimeSpan.Zero));
        (await second.Runtime.Instances.FindAsync(instanceId, TestContext.Current.CancellationToken))!.IsFinished.ShouldBeTrue();
    }

    [Fact]
    public async Task Commit_BurstLosesTheRace_ItsTaskChangeIsRolledBack()
    {
        await using var host = await TaskHost.StartAsync(await ConnectionStringAsync());
        var definition = await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(Onboarding), cancellationToken: TestContext.Current.CancellationToken);
        var started = await host.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        var taskId = (await host.Tasks.ListAsync(new TaskQuery(), TestContext.Current.CancellationToken)).ShouldHaveSingleItem().Id;
        var stale = (await host.Runtime.Instances.FindAsync(started.Instance.Id, TestContext.Current.CancellationToken))!;
        var bookmark = stale.Bookmarks.Single(b => b.Name == TaskStimulus.Name);

        await host.Runtime.DeliverAsync(TaskStimulus.Name, taskId, null, TaskStimulus.Input(TaskStimulus.Complete, "alice", "done first"), TestContext.Current.CancellationToken);
        var losing = await host.Runtime.Runner.ResumeAsync(host.Runtime.Compile(definition), stale, bookmark.Id, TaskStimulus.Input(TaskStimulus.Reassign, "lead", null, to: "bob"), TestContext.Current.CancellationToken);
        losing.Changes.TaskChanges.ShouldHaveSingleItem();

        await Should.ThrowAsync<WorkflowConcurrencyException>(async () => await host.Services.GetRequiredService<IWorkflowCommitter>().CommitAsync(losing, TestContext.Current.CancellationToken));

        var task = (await host.Tasks.FindAsync(taskId, TestContext.Current.CancellationToken)).ShouldNotBeNull();
        task.Status.ShouldBe(HumanTaskStatus.Completed);
        task.OwnerPersonId.ShouldBe("alice");
        task.Reassignments.ShouldBeEmpty();
    }

    /// <summary>The durable engine with the task activities and the task list, on one database.</summary>
    private sealed class TaskHost : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;

        private TaskHost(string connectionString)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Orchestrator"] = connectionString }).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddEngine().AddActivitiesFrom(typeof(ActivitiesAssembly).Assembly);
            services.AddPersistence(configuration);
            services.AddDomainServices();
            services.AddTaskInbox();
            _provider = services.BuildServiceProvider();
            Runtime = _provider.GetRequiredService<WorkflowRuntime>();
            Tasks = _provider.GetRequiredService<ITaskStore>();
        }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

        public WorkflowRuntime Runtime { get; }

        public ITaskStore Tasks { get; }

        public IServiceProvider Services => _provider;

        public static async Task<TaskHost> StartAsync(string connectionString)
        {
            var host = new TaskHost(connectionString);
            await DatabaseInitializer.MigrateAsync(host._provider.GetRequiredService<Database>(), CancellationToken.None);
            return host;
        }

        public ValueTask DisposeAsync() => _provider.DisposeAsync();
    }
}

public sealed class SqliteTaskPersistenceTests : TaskPersistenceTests, IAsyncDisposable
{
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("orchestrator-tasks-").FullName, "tasks.db");

    public async ValueTask DisposeAsync() => await SqliteHost.DeleteDatabaseAsync(_file);

    private protected override Task<string> ConnectionStringAsync() => Task.FromResult($"Data Source={_file}");
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresTaskPersistenceTests(PostgresServer server) : TaskPersistenceTests
{
    private string? _connectionString;

    private protected override async Task<string> ConnectionStringAsync() => _connectionString ??= await server.CreateDatabaseAsync();
}
