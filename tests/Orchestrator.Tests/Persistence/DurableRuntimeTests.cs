using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Persistence;

namespace Orchestrator.Tests.Persistence;

/// <summary>The durable runtime on a real database: state, bookmarks and journal survive the host; each burst commits once.</summary>
public abstract class DurableRuntimeTests
{
    private const string WaitForApproval = """
        {
          "definitionId": "approval", "name": "Approval", "version": 1,
          "variables": [{ "id": "who", "name": "ApprovedBy", "typeName": "String" }],
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "requested" } } },
              { "id": "wait", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "approved" } },
                "result": { "typeName": "Object", "memoryReference": { "id": "who" } } },
              { "id": "done", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Liquid", "value": "approved by {{ Variables.ApprovedBy }}" } } }
            ],
            "connections": [
              { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
              { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "done", "port": "In" } }
            ] }
        }
        """;

    private const string DelayFiveSeconds = """
        {
          "definitionId": "delay", "name": "Delay", "version": 1,
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "wait", "type": "Elsa.Delay", "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "00:00:05" } } },
              { "id": "done", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "fired" } } }
            ],
            "connections": [ { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "done", "port": "In" } } ] }
        }
        """;

    /// <summary>A host on this test's database; several calls share the database (restarts, other nodes).</summary>
    private protected abstract Task<SqliteHost> StartHostAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null, Action<IServiceCollection>? configure = null);

    [Fact]
    public async Task Resume_AfterHostRestart_ContinuesFromCommittedState()
    {
        string instanceId;
        await using (var first = await StartHostAsync())
        {
            await first.Runtime.ImportAsync(WorkflowDefinitionReader.Read(WaitForApproval), cancellationToken: TestContext.Current.CancellationToken);
            var started = await first.Runtime.StartAsync("approval", new StartWorkflowRequest(), TestContext.Current.CancellationToken);
            instanceId = started.Instance.Id;
            started.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
            first.Lines.ShouldBe(["requested"]);
        }

        await using var second = await StartHostAsync();
        var stored = await second.Runtime.Instances.FindAsync(instanceId, TestContext.Current.CancellationToken);
        stored.ShouldNotBeNull().SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        stored.Bookmarks.ShouldHaveSingleItem().Name.ShouldBe("Elsa.Event");

        var results = await second.Runtime.PublishEventAsync("approved", null, "maria", TestContext.Current.CancellationToken);

        results.ShouldHaveSingleItem().Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        second.Lines.ShouldBe(["approved by maria"]);
        var finished = await second.Runtime.Instances.FindAsync(instanceId, TestContext.Current.CancellationToken);
        finished!.GetVariables()["ApprovedBy"].ShouldBe("maria");
        (await second.Runtime.Bookmarks.FindByInstanceAsync(instanceId, TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Delay_AfterRestart_FiresExactlyOnceWhenDue()
    {
        await using (var first = await StartHostAsync())
        {
            await first.Runtime.ImportAsync(WorkflowDefinitionReader.Read(DelayFiveSeconds), cancellationToken: TestContext.Current.CancellationToken);
            await first.Runtime.StartAsync("delay", new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        }

        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await using var second = await StartHostAsync(clock);
        (await second.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();

        clock.Advance(TimeSpan.FromSeconds(5));
        var fired = await second.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);
        var again = await second.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);

        fired.ShouldHaveSingleItem().Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        again.ShouldBeEmpty();
        second.Lines.ShouldBe(["fired"]);
    }

    [Fact]
    public async Task Commit_SameRevisionFromTwoHosts_SecondIsRejected()
    {
        var token = TestContext.Current.CancellationToken;
        await using var a = await StartHostAsync();
        await a.Runtime.ImportAsync(WorkflowDefinitionReader.Read(WaitForApproval), cancellationToken: token);
        var instanceId = (await a.Runtime.StartAsync("approval", new StartWorkflowRequest(), token)).Instance.Id;
        await using var b = await StartHostAsync();

        // Two nodes load the same committed revision and both resume the same bookmark.
        var onA = (await a.Runtime.Instances.FindAsync(instanceId, token))!;
        var onB = (await b.Runtime.Instances.FindAsync(instanceId, token))!;
        var definition = (await a.Runtime.Definitions.FindVersionAsync("approval", 1, token))!;
        var resultA = await a.Runtime.Runner.ResumeAsync(a.Runtime.Compile(definition), onA, onA.Bookmarks[0].Id, "a", token);
        var resultB = await b.Runtime.Runner.ResumeAsync(b.Runtime.Compile(definition), onB, onB.Bookmarks[0].Id, "b", token);

        await a.Services.GetRequiredService<SqlWorkflowCommitter>().CommitAsync(resultA, token);
        var rejected = await Should.ThrowAsync<WorkflowConcurrencyException>(async () => await b.Services.GetRequiredService<SqlWorkflowCommitter>().CommitAsync(resultB, token));

        rejected.Message.ShouldContain(instanceId);
        var stored = (await a.Runtime.Instances.FindAsync(instanceId, token))!;
        stored.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        stored.GetVariables()["ApprovedBy"].ShouldBe("a");
        stored.Revision.ShouldBe(2);
    }

    [Fact]
    public async Task Commit_ConflictInASharedBatch_FailsOnlyThatBurstAndWritesNothingOfIt()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartHostAsync();
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(WaitForApproval), cancellationToken: token);
        var instanceId = (await host.Runtime.StartAsync("approval", new StartWorkflowRequest(), token)).Instance.Id;
        var compiled = host.Runtime.Compile((await host.Runtime.Definitions.FindVersionAsync("approval", 1, token))!);
        var onA = (await host.Runtime.Instances.FindAsync(instanceId, token))!;
        var onB = (await host.Runtime.Instances.FindAsync(instanceId, token))!;
        var resultA = await host.Runtime.Runner.ResumeAsync(compiled, onA, onA.Bookmarks[0].Id, "a", token);
        var resultB = await host.Runtime.Runner.ResumeAsync(compiled, onB, onB.Bookmarks[0].Id, "b", token);
        var other = await host.Runtime.Runner.StartAsync(compiled, new StartWorkflowRequest { CorrelationId = "other" }, token);

        var (a, b, c) = await CommitInOneBatchAsync(host, resultA, resultB, other);

        await a;
        await c;
        (await Should.ThrowAsync<WorkflowConcurrencyException>(async () => await b)).Message.ShouldContain(instanceId);
        var stored = (await host.Runtime.Instances.FindAsync(instanceId, token))!;
        stored.GetVariables()["ApprovedBy"].ShouldBe("a");
        stored.Revision.ShouldBe(2);
        (await host.Runtime.Instances.FindAsync(other.Instance.Id, token)).ShouldNotBeNull().SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        (await host.Runtime.Bookmarks.FindByInstanceAsync(other.Instance.Id, token)).ShouldHaveSingleItem();
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync(token);
        // The start's journal and A's: the refused burst wrote none.
        Convert.ToInt64(await Scalar(connection, $"SELECT COUNT(*) FROM journal WHERE instance_id = '{instanceId}'"), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(2L);
    }

    [Fact]
    public async Task Commit_DatabaseErrorMidBurstInABatch_UndoesThatBurstAloneAndCommitsTheOthers()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartHostAsync(configure: services => services.AddSingleton<IBurstWriter>(new FailingBurstWriter("broken")));
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(WaitForApproval), cancellationToken: token);
        var compiled = host.Runtime.Compile((await host.Runtime.Definitions.FindVersionAsync("approval", 1, token))!);
        var first = await host.Runtime.Runner.StartAsync(compiled, new StartWorkflowRequest { CorrelationId = "first" }, token);
        var broken = await host.Runtime.Runner.StartAsync(compiled, new StartWorkflowRequest { CorrelationId = "broken" }, token);
        var last = await host.Runtime.Runner.StartAsync(compiled, new StartWorkflowRequest { CorrelationId = "last" }, token);

        var (a, b, c) = await CommitInOneBatchAsync(host, first, broken, last);

        await a;
        await c;
        var failure = await Should.ThrowAsync<System.Data.Common.DbException>(async () => await b);
        failure.Message.ShouldContain("no_such_table");
        foreach (var committed in new[] { first, last })
        {
            (await host.Runtime.Instances.FindAsync(committed.Instance.Id, token)).ShouldNotBeNull().Revision.ShouldBe(1);
            (await host.Runtime.Bookmarks.FindByInstanceAsync(committed.Instance.Id, token)).ShouldHaveSingleItem();
        }

        // The failing burst had written its state and bookmark before the error: both are gone with it.
        (await host.Runtime.Instances.FindAsync(broken.Instance.Id, token)).ShouldBeNull();
        (await host.Runtime.Bookmarks.FindByInstanceAsync(broken.Instance.Id, token)).ShouldBeEmpty();
        broken.Instance.Revision.ShouldBe(0);
    }

    [Fact]
    public async Task Deliver_TriggersFollowEachPublish()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartHostAsync();

        // Looked up before anything is published, then after each publish: a lookup must never answer from an older table.
        (await host.Runtime.PublishEventAsync("opened", null, null, token)).ShouldBeEmpty();
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(StartedByEvent(1, "opened")), cancellationToken: token);
        var first = await host.Runtime.PublishEventAsync("opened", null, null, token);
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(StartedByEvent(2, "reopened")), cancellationToken: token);
        var afterRepublish = await host.Runtime.PublishEventAsync("opened", null, null, token);
        var second = await host.Runtime.PublishEventAsync("reopened", null, null, token);

        first.ShouldHaveSingleItem().Instance.Version.ShouldBe(1);
        afterRepublish.ShouldBeEmpty();
        second.ShouldHaveSingleItem().Instance.Version.ShouldBe(2);
        host.Lines.ShouldBe(["started by opened", "started by reopened"]);
    }

    [Fact]
    public async Task Deliver_SameEventHundredTimesAtOnce_ResumesOnceWithoutConflicts()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartHostAsync();
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(WaitForApproval), cancellationToken: token);
        var instanceId = (await host.Runtime.StartAsync("approval", new StartWorkflowRequest(), token)).Instance.Id;

        var deliveries = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => host.Runtime.PublishEventAsync("approved", null, $"n{i}", token).AsTask()));

        deliveries.Sum(d => d.Count).ShouldBe(1);
        host.Lines.Count(l => l.StartsWith("approved by", StringComparison.Ordinal)).ShouldBe(1);
        (await host.Runtime.Instances.FindAsync(instanceId, token))!.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Commit_WritesOneJournalRowPerBurst()
    {
        await using var host = await StartHostAsync();
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(WaitForApproval), cancellationToken: TestContext.Current.CancellationToken);
        var instance = (await host.Runtime.StartAsync("approval", new StartWorkflowRequest(), TestContext.Current.CancellationToken)).Instance;
        await host.Runtime.PublishEventAsync("approved", null, "sam", TestContext.Current.CancellationToken);

        var database = host.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        Convert.ToInt64(await Scalar(connection, $"SELECT COUNT(*) FROM journal WHERE instance_id = '{instance.Id}'"), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(2L);
        var entries = (string)(await Scalar(connection, $"SELECT entries FROM journal WHERE instance_id = '{instance.Id}' ORDER BY first_sequence DESC LIMIT 1"))!;
        entries.ShouldContain("\"event\":\"WorkflowFinished\"");
    }

    [Fact]
    public async Task Start_ManyAtOnce_AllCommitted()
    {
        await using var host = await StartHostAsync();
        await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(WaitForApproval), cancellationToken: TestContext.Current.CancellationToken);

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            host.Runtime.StartAsync("approval", new StartWorkflowRequest { CorrelationId = $"c{i}" }, TestContext.Current.CancellationToken).AsTask()));

        results.Select(r => r.Instance.Id).Distinct().Count().ShouldBe(200);
        var page = await host.Runtime.Instances.QueryAsync(new Engine.Runtime.InstanceQuery(DefinitionId: "approval", SubStatus: WorkflowSubStatus.Suspended, Take: 10), TestContext.Current.CancellationToken);
        page.Total.ShouldBe(200);
        page.Items.Count.ShouldBe(10);
        (await host.Runtime.Instances.QueryAsync(new Engine.Runtime.InstanceQuery(CorrelationId: "c7"), TestContext.Current.CancellationToken)).Items.ShouldHaveSingleItem();
    }

    private static string StartedByEvent(int version, string eventName) => $$"""
        {
          "definitionId": "started-by-event", "name": "Started by event", "version": {{version}},
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "start", "type": "Elsa.Event", "customProperties": { "canStartWorkflow": true },
                "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "{{eventName}}" } } },
              { "id": "done", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "started by {{eventName}}" } } }
            ],
            "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "done", "port": "In" } } ] }
        }
        """;

    /// <summary>
    /// Queues the commits while the single writer is held by other work, so the three are written in one transaction;
    /// answers their completions.
    /// </summary>
    private static async Task<(Task A, Task B, Task C)> CommitInOneBatchAsync(SqliteHost host, RunResult a, RunResult b, RunResult c)
    {
        var committer = host.Services.GetRequiredService<SqlWorkflowCommitter>();
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        var holding = committer.WriteAsync(async (_, _) =>
        {
            entered.SetResult();
            await release.Task;
            return true;
        });
        await entered.Task;
        var token = TestContext.Current.CancellationToken;
        var commits = (committer.CommitAsync(a, token).AsTask(), committer.CommitAsync(b, token).AsTask(), committer.CommitAsync(c, token).AsTask());
        release.SetResult();
        await holding;
        return commits;
    }

    /// <summary>Fails with a real database error, after the burst's state and bookmarks are written, for one correlation id.</summary>
    private sealed class FailingBurstWriter(string correlationId) : IBurstWriter
    {
        public async Task WriteAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, WorkflowInstance instance, WorkflowChangeSet changes)
        {
            if (instance.CorrelationId != correlationId)
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO no_such_table (id) VALUES (1)";
            await command.ExecuteNonQueryAsync();
        }
    }

    protected static async Task<object?> Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}

/// <summary>The durable runtime on a SQLite file in WAL mode with synchronous=FULL.</summary>
public sealed class SqliteDurableRuntimeTests : DurableRuntimeTests, IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"orchestrator-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Connection_UsesWalAndFullSynchronous()
    {
        await using var host = await StartHostAsync();
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync(TestContext.Current.CancellationToken);
        (await Scalar(connection, "PRAGMA journal_mode")).ShouldBe("wal");
        (await Scalar(connection, "PRAGMA synchronous")).ShouldBe(2L);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_file)!, Path.GetFileName(_file) + "*"))
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }

    private protected override Task<SqliteHost> StartHostAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null, Action<IServiceCollection>? configure = null) =>
        SqliteHost.StartAsync(_file, clock, configure: configure);
}

/// <summary>The durable runtime on a real PostgreSQL 15 server started for the tests.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresDurableRuntimeTests(PostgresServer server) : DurableRuntimeTests
{
    private string? _connectionString;

    private protected override async Task<SqliteHost> StartHostAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null, Action<IServiceCollection>? configure = null)
    {
        _connectionString ??= await server.CreateDatabaseAsync();
        return await SqliteHost.StartWithConnectionAsync(_connectionString, clock, configure: configure);
    }
}
