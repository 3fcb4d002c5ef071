using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;

namespace Orchestrator.Tests.Persistence;

/// <summary>The engine on a real SQLite file; several hosts on one file stand for restarts or several nodes.</summary>
internal sealed class SqliteHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly StringWriter _output = new();

    private SqliteHost(string connectionString, FakeTimeProvider clock)
    {
        ConnectionString = connectionString;
        Clock = clock;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Orchestrator"] = connectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new StandardOutput(_output));
        services.AddEngine();
        services.AddPersistence(configuration);
        _provider = services.BuildServiceProvider();
        Runtime = _provider.GetRequiredService<WorkflowRuntime>();
    }

    /// <summary>The database: a SQLite file, or a PostgreSQL database (the host is named for its default).</summary>
    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; }

    public WorkflowRuntime Runtime { get; }

    public IServiceProvider Services => _provider;

    public IReadOnlyList<string> Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public static Task<SqliteHost> StartAsync(string databaseFile, FakeTimeProvider? clock = null) =>
        StartWithConnectionAsync($"Data Source={databaseFile}", clock);

    public static async Task<SqliteHost> StartWithConnectionAsync(string connectionString, FakeTimeProvider? clock = null)
    {
        var host = new SqliteHost(connectionString, clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero)));
        var initializer = new DatabaseInitializer(host._provider.GetRequiredService<Database>(), host._provider.GetRequiredService<SqlDefinitionStore>(), NullLogger<DatabaseInitializer>.Instance);
        await initializer.StartAsync(CancellationToken.None);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _output.DisposeAsync();
    }
}
