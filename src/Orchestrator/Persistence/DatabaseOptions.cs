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

    public static DatabaseOptions From(string? connectionString)
    {
        var value = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlite : connectionString.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || value.Contains("Host=", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseOptions(DatabaseProvider.Postgres, value);
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
}
