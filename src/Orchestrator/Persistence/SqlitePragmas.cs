using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Orchestrator.Persistence;

/// <summary>
/// Every SQLite connection runs with <c>synchronous=FULL</c> (a committed burst survives power loss), whether EF Core
/// or the burst writer opened it. WAL mode is a property of the database file, set once when it is migrated
/// (<see cref="FileStatements"/>); the busy timeout comes from the connection string's <c>Default Timeout</c>.
/// The per-connection setting runs once per native connection; the pool hands the same one out again with it kept.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Statements = "PRAGMA synchronous=FULL;";

    /// <summary>Settings stored in the database file; once per file is enough.</summary>
    public const string FileStatements = "PRAGMA journal_mode=WAL;";

    // The setting belongs to the native connection, which the pool keeps open and hands out again: once per handle is enough.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = [];

    private static bool IsConfigured(DbConnection connection) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle } && Configured.TryGetValue(handle, out _);

    private static void MarkConfigured(DbConnection connection)
    {
        if (connection is Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
        {
            Configured.AddOrUpdate(handle, Configured);
        }
    }

    public static void Apply(DbConnection connection)
    {
        if (IsConfigured(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Statements;
        command.ExecuteNonQuery();
        MarkConfigured(connection);
    }

    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (IsConfigured(connection))
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = Statements;
        await command.ExecuteNonQueryAsync(cancellationToken);
        MarkConfigured(connection);
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyAsync(connection, cancellationToken);
}
