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
    private protected abstract Task<SqliteHost> StartHostAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null);

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

    private protected override Task<SqliteHost> StartHostAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null) => SqliteHost.StartAsync(_file, clock);
}

/// <summary>The durable runtime on a real PostgreSQL 15 server started for the tests.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresDurableRuntimeTests(PostgresServer server) : DurableRuntimeTests
{
    private string? _connectionString;

    private protected override async Task<SqliteHost> StartHostAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider? clock = null)
    {
        _connectionString ??= await server.CreateDatabaseAsync();
        return await SqliteHost.StartWithConnectionAsync(_connectionString, clock);
    }
}
