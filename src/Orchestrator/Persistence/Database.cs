using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Orchestrator.Persistence;

/// <summary>Opens connections for raw SQL and EF Core contexts, for whichever provider is configured.</summary>
internal sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    // Contexts come from a pool built on options made once: a context per query is then nearly free, where building
    // options and a fresh context each time cost more than the small queries on the delivery path themselves.
    private readonly IDbContextFactory<OrchestratorDbContext> _contexts;

    private readonly Lazy<Task> _migration;

    private readonly KeptConnections _kept = new();

    public Database(DatabaseOptions options)
    {
        Options = options;
        _migration = new(() => Task.Run(() => DatabaseInitializer.MigrateAsync(this, CancellationToken.None)));
        if (options.Provider == DatabaseProvider.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(options.ConnectionString);
            _contexts = new PooledContexts<PostgresOrchestratorDbContext>(
                new DbContextOptionsBuilder<PostgresOrchestratorDbContext>().UseNpgsql(_postgres).ConfigureWarnings(SkipModelDiff).Options);
        }
        else
        {
            _contexts = new PooledContexts<SqliteOrchestratorDbContext>(
                new DbContextOptionsBuilder<SqliteOrchestratorDbContext>()
                    .UseSqlite(options.ConnectionString)
                    .AddInterceptors(new SqlitePragmas())
                    .ConfigureWarnings(SkipModelDiff)
                    .Options);
        }
    }

    public DatabaseOptions Options { get; }

    // Migrating at start would otherwise build the snapshot's model and diff it against the live one on every start,
    // only to warn about a migration nobody added. MigrationTests keep the snapshot equal to the model instead.
    private static void SkipModelDiff(WarningsConfigurationBuilder warnings) => warnings.Ignore(RelationalEventId.PendingModelChangesWarning);

    public bool IsPostgres => Options.Provider == DatabaseProvider.Postgres;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(Options.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await SqlitePragmas.ApplyAsync(connection, cancellationToken);
        return connection;
    }

    /// <summary>A connection for a hot path's few statements, with SQLite's statements kept prepared (see <see cref="ConnectionLease"/>).</summary>
    public async ValueTask<ConnectionLease> RentAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return ConnectionLease.Borrowed(await _postgres.OpenConnectionAsync(cancellationToken));
        }

        return _kept.TryTake(out var lease) ? lease : ConnectionLease.Kept(await OpenAsync(cancellationToken), _kept);
    }

    public OrchestratorDbContext CreateContext() => _contexts.CreateDbContext();

    /// <summary>Migrates this database once per process: the first caller starts it, later callers wait for the same run.</summary>
    public Task MigrateOnceAsync() => _migration.Value;

    public async ValueTask DisposeAsync()
    {
        await _kept.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

/// <summary>A pool of one provider's contexts, handed out as the common base type.</summary>
internal sealed class PooledContexts<TContext>(DbContextOptions<TContext> options) : IDbContextFactory<OrchestratorDbContext>
    where TContext : OrchestratorDbContext
{
    private readonly PooledDbContextFactory<TContext> _pool = new(options);

    public OrchestratorDbContext CreateDbContext() => _pool.CreateDbContext();
}

/// <summary>Adds a parameter by name; both providers accept <c>@name</c>.</summary>
internal static class DbCommandExtensions
{
    public static DbParameter Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static void Set(this DbCommand command, string name, object? value) => command.Parameters[name].Value = value ?? DBNull.Value;
}
