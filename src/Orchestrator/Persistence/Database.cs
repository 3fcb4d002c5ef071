using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Orchestrator.Persistence;

/// <summary>Opens connections for raw SQL and EF Core contexts, for whichever provider is configured.</summary>
internal sealed class Database : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    public Database(DatabaseOptions options)
    {
        Options = options;
        if (options.Provider == DatabaseProvider.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(options.ConnectionString);
        }
    }

    public DatabaseOptions Options { get; }

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

    public OrchestratorDbContext CreateContext()
    {
        if (IsPostgres)
        {
            var options = new DbContextOptionsBuilder<PostgresOrchestratorDbContext>().UseNpgsql(_postgres!).Options;
            return new PostgresOrchestratorDbContext(options);
        }

        var sqlite = new DbContextOptionsBuilder<SqliteOrchestratorDbContext>()
            .UseSqlite(Options.ConnectionString)
            .AddInterceptors(new SqlitePragmas())
            .Options;
        return new SqliteOrchestratorDbContext(sqlite);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
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
