using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Stimuli;

namespace Orchestrator.Persistence;

/// <summary>The stimulus inbox in the database: a unique dedupe key makes a repeat recognisable across restarts and nodes.</summary>
internal sealed class SqlStimulusInbox(Database database, SqlWorkflowCommitter writer) : IStimulusInbox
{
    private const string MarkDeliveredSql = "UPDATE stimuli SET status = 'Delivered', delivered_at = @delivered_at, attempts = attempts + 1 WHERE id = @id";

    private const string Columns = "id, dedupe_key, kind, name, key, correlation_id, payload, status, received_at, delivered_at, attempts";

    private const string MarkAttemptedSql = "UPDATE stimuli SET attempts = attempts + 1 WHERE id = @id AND delivered_at IS NULL";

    private const string FindSql = $"SELECT {Columns} FROM stimuli WHERE id = @id";

    private const string FindUndeliveredSql = $"SELECT {Columns} FROM stimuli WHERE delivered_at IS NULL AND kind = @kind AND received_at >= @since";

    private const string UndeliveredOrder = " ORDER BY received_at, id";

    private const string InsertSql = """
        INSERT INTO stimuli (id, dedupe_key, kind, name, key, correlation_id, payload, status, attempts, received_at, next_attempt_at, delivered_at, last_error)
        VALUES (@id, @dedupe_key, @kind, @name, @key, @correlation_id, @payload, 'Pending', 0, @received_at, @received_at, NULL, NULL)
        ON CONFLICT (dedupe_key) DO NOTHING
        """;

    public async ValueTask<Stimulus> AddOrGetAsync(Stimulus stimulus, CancellationToken cancellationToken = default)
    {
        var inserted = await WriteAsync((lease, transaction) => InsertAsync(lease, transaction, stimulus), cancellationToken);
        if (inserted)
        {
            return stimulus;
        }

        await using var context = database.CreateContext();
        var stored = await context.Stimuli.AsNoTracking().SingleAsync(s => s.DedupeKey == stimulus.DedupeKey, cancellationToken);
        return FromRecord(stored);
    }

    public async ValueTask<Stimulus?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        // On every delivery's path (has it been delivered meanwhile?): one indexed row by hand rather than through a query compiler.
        await using var lease = await database.RentAsync(cancellationToken);
        var command = lease.Command(FindSql, null, "@id");
        command.Set("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return FromRecord(ReadRecord(reader));
    }

    public async ValueTask MarkDeliveredAsync(string id, DateTimeOffset deliveredAt, CancellationToken cancellationToken = default)
    {
        await WriteAsync(
            async (lease, transaction) =>
            {
                var command = lease.Command(MarkDeliveredSql, transaction, "@id", "@delivered_at");
                command.Set("@id", id);
                command.Set("@delivered_at", deliveredAt.UtcTicks);
                return await command.ExecuteNonQueryAsync() > 0;
            },
            cancellationToken);
    }

    public async ValueTask MarkAttemptedAsync(string id, CancellationToken cancellationToken = default)
    {
        await WriteAsync(
            async (lease, transaction) =>
            {
                var command = lease.Command(MarkAttemptedSql, transaction, "@id");
                command.Set("@id", id);
                return await command.ExecuteNonQueryAsync() > 0;
            },
            cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Stimulus>> FindUndeliveredAsync(StimulusKind kind, string name, DateTimeOffset since, string? key = null, CancellationToken cancellationToken = default)
    {
        // Asked whenever a burst adds a bookmark a stimulus could be waiting for, so on every ticket event's resume:
        // plain SQL, prepared once per connection, with only the conditions that apply as plain equalities, so the
        // partial indexes on undelivered rows serve it.
        await using var lease = await database.RentAsync(cancellationToken);
        var command = (name.Length > 0, key is not null) switch
        {
            (true, true) => lease.Command(FindUndeliveredSql + " AND name = @name AND key = @key" + UndeliveredOrder, null, "@kind", "@since", "@name", "@key"),
            (true, false) => lease.Command(FindUndeliveredSql + " AND name = @name" + UndeliveredOrder, null, "@kind", "@since", "@name"),
            (false, true) => lease.Command(FindUndeliveredSql + " AND key = @key" + UndeliveredOrder, null, "@kind", "@since", "@key"),
            (false, false) => lease.Command(FindUndeliveredSql + UndeliveredOrder, null, "@kind", "@since"),
        };
        command.Set("@kind", kind.ToString());
        command.Set("@since", since.UtcTicks);
        if (name.Length > 0)
        {
            command.Set("@name", name);
        }

        if (key is not null)
        {
            command.Set("@key", key);
        }
        var found = new List<Stimulus>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(FromRecord(ReadRecord(reader)));
        }

        return found;
    }

    public async ValueTask<IReadOnlyList<Stimulus>> ListUndeliveredAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var ticks = since.UtcTicks;
        await using var context = database.CreateContext();
        var rows = await context.Stimuli.AsNoTracking()
            .Where(s => s.DeliveredAt == null && (s.Attempts == 0 || s.ReceivedAt >= ticks))
            .OrderBy(s => s.ReceivedAt).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(FromRecord)];
    }

    // SQLite has one writer: the commit writer, so an inbox write shares its transaction instead of waiting for the lock.
    // PostgreSQL takes concurrent writers as they come.
    // Both writes are a single statement, so they need no savepoint in the shared transaction.
    private async Task<bool> WriteAsync(Func<ConnectionLease, DbTransaction?, Task<bool>> work, CancellationToken cancellationToken)
    {
        if (!database.IsPostgres)
        {
            return await writer.WriteAsync((lease, transaction) => work(lease, transaction), singleStatement: true).WaitAsync(cancellationToken);
        }

        await using var lease = await database.RentAsync(cancellationToken);
        return await work(lease, null);
    }

    private static async Task<bool> InsertAsync(ConnectionLease lease, DbTransaction? transaction, Stimulus stimulus)
    {
        var command = lease.Command(InsertSql, transaction, "@id", "@dedupe_key", "@kind", "@name", "@key", "@correlation_id", "@payload", "@received_at");
        command.Set("@id", stimulus.Id);
        command.Set("@dedupe_key", stimulus.DedupeKey);
        command.Set("@kind", stimulus.Kind.ToString());
        command.Set("@name", stimulus.Name);
        command.Set("@key", stimulus.Key);
        command.Set("@correlation_id", stimulus.CorrelationId);
        command.Set("@payload", stimulus.Payload?.ToJsonString());
        command.Set("@received_at", stimulus.ReceivedAt.UtcTicks);
        return await command.ExecuteNonQueryAsync() > 0;
    }

    private static StimulusRecord ReadRecord(DbDataReader reader) => new()
    {
        Id = reader.GetString(0),
        DedupeKey = reader.GetString(1),
        Kind = reader.GetString(2),
        Name = reader.GetString(3),
        Key = reader.IsDBNull(4) ? null : reader.GetString(4),
        CorrelationId = reader.IsDBNull(5) ? null : reader.GetString(5),
        Payload = reader.IsDBNull(6) ? null : reader.GetString(6),
        Status = reader.GetString(7),
        ReceivedAt = reader.GetInt64(8),
        DeliveredAt = reader.IsDBNull(9) ? null : reader.GetInt64(9),
        Attempts = reader.GetInt32(10),
    };

    private static Stimulus FromRecord(StimulusRecord record) => new(
        record.Id,
        Enum.Parse<StimulusKind>(record.Kind),
        record.Name,
        record.CorrelationId,
        record.Payload is null ? null : JsonNode.Parse(record.Payload),
        record.DedupeKey,
        new DateTimeOffset(record.ReceivedAt, TimeSpan.Zero))
    {
        Key = record.Key,
        DeliveredAt = record.DeliveredAt is { } delivered ? new DateTimeOffset(delivered, TimeSpan.Zero) : null,
        Attempts = record.Attempts,
    };
}
