using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Orchestrator.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the data lives: <c>ConnectionStrings:Orchestrator</c>. A PostgreSQL connection string
/// (<c>Host=...</c> or a <c>postgres://</c> URL) selects PostgreSQL; anything else is a SQLite file,
/// by default <c>./data/orchestrator.db</c>.
/// </summary>
internal sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqlite = "Data Source=data/orchestrator.db";

    /// <summary>
    /// Connections per pool on PostgreSQL unless the connection string names its own <c>Maximum Pool Size</c>. A node has
    /// two pools (its data source, and Npgsql's shared pool behind Quartz and the instance locks); at Npgsql's default of
    /// 100 apiece, one burst of concurrent requests could open more than PostgreSQL's default <c>max_connections</c> of
    /// 100 and fail with "too many clients already". Bounded, a request past the bound waits for a connection instead.
    /// </summary>
    public const int DefaultPostgresPoolSize = 40;

    private static readonly string[] PoolSizeKeywords = ["Maximum Pool Size", "MaxPoolSize"];

    public static DatabaseOptions From(string? connectionString)
    {
        var value = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || value.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseOptions(DatabaseProvider.Postgres, WithBoundedPool(value));
        }

        var builder = new SqliteConnectionStringBuilder(value)
        {
            // The busy timeout: writers from several processes wait instead of failing at once.
            DefaultTimeout = 30,
            Pooling = true,
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(directory);
        }

        return new DatabaseOptions(DatabaseProvider.Sqlite, builder.ToString());
    }

    private static string WithBoundedPool(string connectionString)
    {
        if (connectionString.Contains("://", StringComparison.Ordinal))
        {
            return connectionString;
        }

        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (PoolSizeKeywords.Any(builder.ContainsKey))
        {
            return connectionString;
        }

        builder["Maximum Pool Size"] = DefaultPostgresPoolSize;
        return builder.ConnectionString;
    }
}
