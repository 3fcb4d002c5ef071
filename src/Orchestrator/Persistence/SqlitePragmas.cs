using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orchestrator.Persistence;

/// <summary>
/// Every SQLite connection runs with <c>synchronous=FULL</c> (a committed burst survives power loss), whether EF Core
/// or the burst writer opened it. WAL mode is a property of the database file, set once when it is migrated
/// (<see cref="FileStatements"/>); the busy timeout comes from the connection string's <c>Default Timeout</c>.
/// Only the per-connection setting runs on every (pooled) open: it sits on the path of every resume.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Statements = "PRAGMA synchronous=FULL;";

    /// <summary>Settings stored in the database file; once per file is enough.</summary>
    public const string FileStatements = "PRAGMA journal_mode=WAL;";

    public static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
    }

    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statements;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyAsync(connection, cancellationToken);
}
