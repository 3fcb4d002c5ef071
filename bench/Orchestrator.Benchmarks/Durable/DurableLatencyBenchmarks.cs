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
/// The latency of one workflow alone (start by definition id, suspend on an event, resume, finish: two committed bursts)
/// on the durable runtime over SQLite with <c>synchronous=FULL</c>, on an empty database and on one that already holds
/// 100,000 instances (half suspended on their bookmark, half finished, with their journals) and 200 versions of the definition.
/// </summary>
[Config(typeof(LatencyConfig))]
[MemoryDiagnoser]
public class DurableLatencyBenchmarks
{
    private const int Versions = 200;
    private const int InFlight = 1_000;

    private readonly string _directory = Directory.CreateTempSubdirectory("orchestrator-bench-").FullName;
    private ServiceProvider? _provider;
    private WorkflowRuntime? _runtime;
    private string _definitionId = string.Empty;

    /// <summary>Instances already stored when the measurement starts (0: an empty database with one version of the definition).</summary>
    [Params(0, 100_000)]
    public int StoredInstances { get; set; }

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
        FillAsync().GetAwaiter().GetResult();
        RunOneAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "One workflow alone: start, suspend, resume, finish (SQLite, synchronous=FULL)")]
    public Task StartSuspendResumeFinish() => RunOneAsync();

    private async Task RunOneAsync()
    {
        var started = await _runtime!.StartAsync(_definitionId, new StartWorkflowRequest());
        var instance = started.Instance;
        var resumed = await _runtime.ResumeAsync(instance.Id, instance.Bookmarks[0].Id, "approved");
        if (resumed?.Instance.SubStatus != WorkflowSubStatus.Finished)
        {
            throw new InvalidOperationException($"instance {instance.Id} did not finish");
        }
    }

    /// <summary>Stores the versions, then the instances spread evenly over them, every other one resumed to the end.</summary>
    private async Task FillAsync()
    {
        var first = BenchmarkWorkflows.Load(BenchmarkWorkflows.StartResumeFlowchart);
        _definitionId = first.DefinitionId;
        var versionCount = StoredInstances == 0 ? 1 : Versions;
        var versions = new List<WorkflowDefinition>(versionCount);
        for (var version = 1; version <= versionCount; version++)
        {
            var copy = first.With(d =>
            {
                d["id"] = $"{first.DefinitionId}-v{version}";
                d["version"] = version;
                d["isLatest"] = version == versionCount;
            });
            versions.Add(await _runtime!.ImportAsync(copy, publish: version == versionCount));
        }

        var next = -1;
        async Task FillOneAsync()
        {
            for (var i = Interlocked.Increment(ref next); i < StoredInstances; i = Interlocked.Increment(ref next))
            {
                var started = await _runtime!.StartAsync(versions[i % versions.Count], new StartWorkflowRequest());
                if (i % 2 == 0)
                {
                    await _runtime.ResumeAsync(started.Instance.Id, started.Instance.Bookmarks[0].Id, "approved");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(_ => FillOneAsync()));
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "orchestrator.db")}");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT (SELECT COUNT(*) FROM workflow_instances) || ' instances, ' || (SELECT COUNT(*) FROM bookmarks) || ' bookmarks, ' || (SELECT COUNT(*) FROM journal) || ' journal rows, ' || (SELECT COUNT(*) FROM workflow_definitions) || ' definition versions'";
        Console.WriteLine($"// database before measuring: {await count.ExecuteScalarAsync()}");
    }

    private sealed class LatencyConfig : ManualConfig
    {
        public LatencyConfig()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(20).WithId("Durable"));
            AddColumn(BenchmarkDotNet.Columns.StatisticColumn.Median, BenchmarkDotNet.Columns.StatisticColumn.P95);
        }
    }
}
