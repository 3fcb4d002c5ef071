using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Benchmarks.Infrastructure;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;

namespace Orchestrator.Benchmarks.Durable;

/// <summary>
/// The durable runtime on a SQLite file in WAL mode with <c>synchronous=FULL</c>: whole workflows (start, suspend on
/// an event, resume, finish: two committed bursts each), many at once as a server sees them, beside raw SQLite inserts
/// on an identical file measured in the same run (one row per transaction, and 100 rows per transaction).
/// </summary>
[Config(typeof(DurableConfig))]
[MemoryDiagnoser]
public class DurableSqliteBenchmarks
{
    private const int Workflows = 1_000;
    private const int Rows = 100;

    private readonly string _directory = Directory.CreateTempSubdirectory("orchestrator-bench-").FullName;
    private ServiceProvider? _provider;
    private WorkflowRuntime? _runtime;
    private WorkflowDefinition? _definition;
    private SqliteConnection? _raw;
    private long _rowId;

    [GlobalSetup]
    public void Setup()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Orchestrator"] = $"Data Source={Path.Combine(_directory, "orchestrator.db")}" })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(new StandardOutput(TextWriter.Null));
        services.AddEngine();
        services.AddPersistence(configuration);
        _provider = services.BuildServiceProvider();
        var initializer = new DatabaseInitializer(_provider.GetRequiredService<Database>(), _provider.GetRequiredService<SqlDefinitionStore>(), NullLogger<DatabaseInitializer>.Instance);
        initializer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _runtime = _provider.GetRequiredService<WorkflowRuntime>();
        _definition = _runtime.ImportAsync(BenchmarkWorkflows.Load(BenchmarkWorkflows.StartResumeFlowchart)).AsTask().GetAwaiter().GetResult();
        StartSuspendResumeFinish().GetAwaiter().GetResult();

        _raw = new SqliteConnection($"Data Source={Path.Combine(_directory, "raw.db")}");
        _raw.Open();
        SqlitePragmas.Apply(_raw);
        Execute(SqlitePragmas.FileStatements);
        Execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, instance_id TEXT NOT NULL, state BLOB NOT NULL, updated_at INTEGER NOT NULL)");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw?.Dispose();
        _provider?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "Durable workflow: start, suspend, resume, finish (SQLite, synchronous=FULL)", OperationsPerInvoke = Workflows)]
    public async Task StartSuspendResumeFinish()
    {
        var runs = new Task[Workflows];
        for (var i = 0; i < Workflows; i++)
        {
            runs[i] = RunOneAsync();
        }

        await Task.WhenAll(runs);
    }

    [Benchmark(Description = "Raw SQLite insert, one row per transaction (synchronous=FULL)", OperationsPerInvoke = Rows)]
    public void RawSingleRowInserts()
    {
        using var command = InsertCommand();
        for (var i = 0; i < Rows; i++)
        {
            using var transaction = _raw!.BeginTransaction();
            command.Transaction = transaction;
            Bind(command);
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    [Benchmark(Description = "Raw SQLite insert, 100 rows per transaction (synchronous=FULL)", OperationsPerInvoke = Rows)]
    public void RawBatchInsert()
    {
        using var transaction = _raw!.BeginTransaction();
        using var command = InsertCommand();
        command.Transaction = transaction;
        for (var i = 0; i < Rows; i++)
        {
            Bind(command);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private async Task RunOneAsync()
    {
        var started = await _runtime!.StartAsync(_definition!, new StartWorkflowRequest());
        var instance = started.Instance;
        var resumed = await _runtime.ResumeAsync(instance.Id, instance.Bookmarks[0].Id, "approved");
        if (resumed?.Instance.SubStatus != WorkflowSubStatus.Finished)
        {
            throw new InvalidOperationException($"instance {instance.Id} did not finish");
        }
    }

    private SqliteCommand InsertCommand()
    {
        var command = _raw!.CreateCommand();
        command.CommandText = "INSERT INTO rows (id, instance_id, state, updated_at) VALUES (@id, @instance_id, @state, @updated_at)";
        command.Parameters.Add("@id", SqliteType.Integer);
        command.Parameters.Add("@instance_id", SqliteType.Text);
        command.Parameters.Add("@state", SqliteType.Blob);
        command.Parameters.Add("@updated_at", SqliteType.Integer);
        return command;
    }

    private void Bind(SqliteCommand command)
    {
        var id = ++_rowId;
        command.Parameters["@id"].Value = id;
        command.Parameters["@instance_id"].Value = $"instance-{id}";
        command.Parameters["@state"].Value = StateSizedPayload;
        command.Parameters["@updated_at"].Value = id;
    }

    private void Execute(string sql)
    {
        using var command = _raw!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>About the size of a suspended instance's state, so the baseline writes comparable bytes.</summary>
    private static readonly byte[] StateSizedPayload = new byte[1_200];

    private sealed class DurableConfig : ManualConfig
    {
        public DurableConfig()
        {
            // Eight invocations (8,000 workflows, over a second) per iteration: iterations of one invocation were too short
            // for a steady figure, with tiered compilation still promoting methods and the last, smaller batches of
            // each invocation's group commit weighing on it.
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(10).WithIterationCount(10).WithInvocationCount(8).WithUnrollFactor(1).WithId("Durable"));
            AddColumn(BenchmarkDotNet.Columns.StatisticColumn.OperationsPerSecond);
        }
    }
}
