using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Engine.Bookmarks;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Persistence;

/// <summary>The bookmark index in the database; the committer writes it with each burst, this reads it.</summary>
internal sealed class SqlBookmarkStore(Database database) : IBookmarkStore
{
    private const string Columns = "id, instance_id, name, hash, key, activity_id, activity_node_id, context_id, payload, due_at, correlation_id, created_at";
    private const string FindSql = $"SELECT {Columns} FROM bookmarks WHERE name = @name AND hash = @hash ORDER BY created_at";
    private const string FindCorrelatedSql = $"SELECT {Columns} FROM bookmarks WHERE name = @name AND hash = @hash AND correlation_id = @correlation_id ORDER BY created_at";

    public async ValueTask ApplyAsync(IReadOnlyList<Bookmark> added, IReadOnlyList<Bookmark> removed, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var removedIds = removed.Select(b => b.Id).ToList();
        if (removedIds.Count > 0)
        {
            await context.Bookmarks.Where(b => removedIds.Contains(b.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        context.Bookmarks.AddRange(added.Select(ToRecord));
        await context.SaveChangesAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<Bookmark>> FindAsync(string name, string hash, string? correlationId, CancellationToken cancellationToken = default)
    {
        // Every stimulus asks this: plain SQL on the (name, hash) index rather than a LINQ query compiled per call.
        await using var lease = await database.RentAsync(cancellationToken);
        var command = correlationId is null
            ? lease.Command(FindSql, null, "@name", "@hash")
            : lease.Command(FindCorrelatedSql, null, "@name", "@hash", "@correlation_id");
        command.Set("@name", name);
        command.Set("@hash", hash);
        if (correlationId is not null)
        {
            command.Set("@correlation_id", correlationId);
        }

        var found = new List<Bookmark>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(FromRecord(new BookmarkRecord
            {
                Id = reader.GetString(0),
                InstanceId = reader.GetString(1),
                Name = reader.GetString(2),
                Hash = reader.GetString(3),
                Key = reader.IsDBNull(4) ? null : reader.GetString(4),
                ActivityId = reader.GetString(5),
                ActivityNodeId = reader.GetString(6),
                ContextId = reader.GetInt32(7),
                Payload = reader.IsDBNull(8) ? null : reader.GetString(8),
                DueAt = reader.IsDBNull(9) ? null : reader.GetInt64(9),
                CorrelationId = reader.IsDBNull(10) ? null : reader.GetString(10),
                CreatedAt = reader.GetInt64(11),
            }));
        }

        return found;
    }

    public async ValueTask<IReadOnlyList<Bookmark>> FindByInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return [.. (await context.Bookmarks.AsNoTracking().Where(b => b.InstanceId == instanceId).OrderBy(b => b.CreatedAt).ToListAsync(cancellationToken)).Select(FromRecord)];
    }

    public async ValueTask<IReadOnlyList<Bookmark>> FindDueAsync(DateTimeOffset now, DuePosition? after, int limit, CancellationToken cancellationToken = default)
    {
        var ticks = now.UtcTicks;
        await using var context = database.CreateContext();
        var due = context.Bookmarks.AsNoTracking().Where(b => b.DueAt != null && b.DueAt <= ticks);
        if (after is { } position)
        {
            var afterTicks = position.DueAt.UtcTicks;
            var afterId = position.BookmarkId;
            // Translated to SQL's own comparison, the same one its ORDER BY uses, which is what keyset paging needs.
#pragma warning disable CA1309
            due = due.Where(b => b.DueAt > afterTicks || (b.DueAt == afterTicks && string.Compare(b.Id, afterId) > 0));
#pragma warning restore CA1309
        }

        var page = await due.OrderBy(b => b.DueAt).ThenBy(b => b.Id).Take(limit).ToListAsync(cancellationToken);
        return [.. page.Select(FromRecord)];
    }

    public async ValueTask<DateTimeOffset?> FindNextDueAtAsync(CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var ticks = await context.Bookmarks.AsNoTracking().Where(b => b.DueAt != null).MinAsync(b => b.DueAt, cancellationToken);
        return ticks is { } due ? new DateTimeOffset(due, TimeSpan.Zero) : null;
    }

    internal static BookmarkRecord ToRecord(Bookmark bookmark) => new()
    {
        Id = bookmark.Id,
        InstanceId = bookmark.WorkflowInstanceId,
        Name = bookmark.Name,
        Hash = bookmark.Hash,
        Key = bookmark.Key,
        ActivityId = bookmark.ActivityId,
        ActivityNodeId = bookmark.ActivityNodeId,
        ContextId = bookmark.ContextId,
        Payload = bookmark.Payload?.ToJsonString(),
        DueAt = bookmark.DueAt?.UtcTicks,
        CorrelationId = bookmark.CorrelationId,
        CreatedAt = bookmark.CreatedAt.UtcTicks,
    };

    internal static Bookmark FromRecord(BookmarkRecord record) => new()
    {
        Id = record.Id,
        WorkflowInstanceId = record.InstanceId,
        Name = record.Name,
        Hash = record.Hash,
        Key = record.Key,
        ActivityId = record.ActivityId,
        ActivityNodeId = record.ActivityNodeId,
        ContextId = record.ContextId,
        Payload = record.Payload is null ? null : JsonNode.Parse(record.Payload) as JsonObject,
        DueAt = record.DueAt is { } due ? new DateTimeOffset(due, TimeSpan.Zero) : null,
        CorrelationId = record.CorrelationId,
        CreatedAt = new DateTimeOffset(record.CreatedAt, TimeSpan.Zero),
    };
}

/// <summary>
/// Triggers of published definitions. On SQLite, which has one node, the whole table is held in process as an index
/// by (name, hash), loaded on the first lookup and dropped whenever this store replaces a definition's triggers: every
/// stimulus looks its triggers up, most find none (a ticket event asks for its ticket's own key), and the table changes
/// only on publish. PostgreSQL (clustered, where another node may publish) always asks the database.
/// </summary>
internal sealed class SqlTriggerStore(Database database) : ITriggerStore
{
    private readonly Lock _gate = new();
    private Dictionary<(string Name, string Hash), IReadOnlyList<StoredTrigger>>? _index;
    private long _generation;

    public async ValueTask ReplaceAsync(string definitionId, IReadOnlyList<StoredTrigger> triggers, CancellationToken cancellationToken = default)
    {
        try
        {
            await ReplaceStoredAsync(definitionId, triggers, cancellationToken);
        }
        finally
        {
            lock (_gate)
            {
                _generation++;
                _index = null;
            }
        }
    }

    public async ValueTask<IReadOnlyList<StoredTrigger>> FindAsync(string name, string hash, CancellationToken cancellationToken = default)
    {
        if (database.IsPostgres)
        {
            return await FindStoredAsync(name, hash, cancellationToken);
        }

        var index = Volatile.Read(ref _index) ?? await LoadIndexAsync(cancellationToken);
        return index.TryGetValue((name, hash), out var found) ? found : [];
    }

    private async Task<Dictionary<(string Name, string Hash), IReadOnlyList<StoredTrigger>>> LoadIndexAsync(CancellationToken cancellationToken)
    {
        long generation;
        lock (_gate)
        {
            generation = _generation;
        }

        var index = (await ListAsync(cancellationToken))
            .GroupBy(t => (t.Name, t.Hash))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<StoredTrigger>)[.. g]);
        lock (_gate)
        {
            // A replace that landed while the table was read makes this index stale: answer from it once, keep none.
            if (_generation == generation)
            {
                _index = index;
            }
        }

        return index;
    }

    private async Task ReplaceStoredAsync(string definitionId, IReadOnlyList<StoredTrigger> triggers, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        await context.Triggers.Where(t => t.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
        context.Triggers.AddRange(triggers.Select(t => new TriggerRecord
        {
            Id = $"{t.DefinitionVersionId}:{t.ActivityId}",
            DefinitionId = t.DefinitionId,
            DefinitionVersionId = t.DefinitionVersionId,
            ActivityId = t.ActivityId,
            Name = t.Name,
            Hash = t.Hash,
            Key = t.Key,
            Payload = t.Payload.ToJsonString(),
        }));
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<StoredTrigger>> FindStoredAsync(string name, string hash, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        return [.. (await context.Triggers.AsNoTracking().Where(t => t.Name == name && t.Hash == hash).ToListAsync(cancellationToken)).Select(FromRecord)];
    }

    public async ValueTask<IReadOnlyList<StoredTrigger>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return [.. (await context.Triggers.AsNoTracking().ToListAsync(cancellationToken)).Select(FromRecord)];
    }

    private static StoredTrigger FromRecord(TriggerRecord t) =>
        new(t.DefinitionId, t.DefinitionVersionId, t.ActivityId, t.Name, t.Hash, t.Key, JsonNode.Parse(t.Payload) as JsonObject ?? []);
}
