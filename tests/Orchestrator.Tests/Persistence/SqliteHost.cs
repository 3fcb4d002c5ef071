using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Orchestrator.Scheduling;
using Quartz;

namespace Orchestrator.Tests.Persistence;

/// <summary>
/// The engine on a real SQLite file; several hosts on one file stand for restarts or several nodes. With scheduling, Quartz
/// keeps its schedule in the same file on the same fake clock, left in standby until <see cref="StartSchedulerAsync"/>.
/// </summary>
internal sealed class SqliteHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly StringWriter _output = new();
    private readonly TextWriter _synchronized;
    private readonly bool _scheduling;

    private SqliteHost(string connectionString, FakeTimeProvider clock, bool scheduling, Action<IServiceCollection>? configure)
    {
        _scheduling = scheduling;
        ConnectionString = connectionString;
        Clock = clock;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Orchestrator"] = connectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        // Synchronised: Quartz jobs and a backlog of due timers run bursts in parallel.
        _synchronized = TextWriter.Synchronized(_output);
        services.AddSingleton(new StandardOutput(_synchronized));
        services.AddEngine();
        services.AddPersistence(configuration);
        if (scheduling)
        {
            services.AddScheduling(configuration);
        }

        configure?.Invoke(services);
        _provider = services.BuildServiceProvider();
        Runtime = _provider.GetRequiredService<WorkflowRuntime>();
    }

    /// <summary>The database: a SQLite file, or a PostgreSQL database (the host is named for its default).</summary>
    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; }

    public WorkflowRuntime Runtime { get; }

    public IServiceProvider Services => _provider;

    public IReadOnlyList<string> Lines => Snapshot().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public static Task<SqliteHost> StartAsync(string databaseFile, FakeTimeProvider? clock = null, bool scheduling = false, Action<IServiceCollection>? configure = null) =>
        StartWithConnectionAsync($"Data Source={databaseFile}", clock, scheduling, configure);

    /// <param name="configure">Changes to the host's services before it is built, e.g. an extra burst writer.</param>
    public static async Task<SqliteHost> StartWithConnectionAsync(string connectionString, FakeTimeProvider? clock = null, bool scheduling = false, Action<IServiceCollection>? configure = null)
    {
        var host = new SqliteHost(connectionString, clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)), scheduling, configure);
        var initializer = new DatabaseInitializer(host._provider.GetRequiredService<Database>(), host._provider.GetRequiredService<SqlDefinitionStore>(), NullLogger<DatabaseInitializer>.Instance);
        await initializer.StartAsync(CancellationToken.None);
        return host;
    }

    /// <summary>Removes a database file with its WAL and shared-memory files, once every pooled connection is closed.</summary>
    public static ValueTask DeleteDatabaseAsync(string databaseFile)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(databaseFile)!, Path.GetFileName(databaseFile) + "*"))
        {
            File.Delete(file);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Lets Quartz fire: from now on, advancing <see cref="Clock"/> past an alarm runs its job.</summary>
    public async Task StartSchedulerAsync() => await _provider.GetRequiredService<IScheduler>().Start();

    public async ValueTask DisposeAsync()
    {
        if (_scheduling)
        {
            await _provider.GetRequiredService<IScheduler>().Shutdown(waitForJobsToComplete: true);
        }

        await _provider.DisposeAsync();
        await _output.DisposeAsync();
    }

    private string Snapshot()
    {
        lock (_synchronized)
        {
            return _output.ToString();
        }
    }
}
