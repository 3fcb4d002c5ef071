using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Persistence;

/// <summary>Configuration documents in the <c>documents</c> table; conditional writes check the revision in the update itself.</summary>
internal sealed class SqlDocumentStore(Database database, TimeProvider time) : IDocumentStore
{
    public async ValueTask<StoredDocument?> GetAsync(string kind, string id, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var record = await context.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Kind == kind && d.Id == id, cancellationToken);
        return record is null ? null : FromRecord(record);
    }

    public async ValueTask<IReadOnlyList<StoredDocument>> ListAsync(string kind, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var records = await context.Documents.AsNoTracking().Where(d => d.Kind == kind).OrderBy(d => d.Id).ToListAsync(cancellationToken);
        return [.. records.Select(FromRecord)];
    }

    public async ValueTask<StoredDocument> PutAsync(string kind, string id, JsonObject body, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        var json = body.ToJsonString();
        var now = time.GetUtcNow();
        await using var context = database.CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var current = await context.Documents.Where(d => d.Kind == kind && d.Id == id).Select(d => (int?)d.Revision).SingleOrDefaultAsync(cancellationToken) ?? 0;
        if (expectedRevision is { } expected && expected != current)
        {
            throw new DocumentConflictException(kind, id, expected, current);
        }

        int changed;
        if (current == 0)
        {
            context.Documents.Add(new DocumentRecord { Kind = kind, Id = id, Body = json, Revision = 1, UpdatedAt = now.UtcTicks });
            try
            {
                changed = await context.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex)
            {
                throw new DocumentConflictException($"{kind} '{id}' was created by another writer", ex);
            }
        }
        else
        {
            changed = await context.Documents
                .Where(d => d.Kind == kind && d.Id == id && d.Revision == current)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Body, json).SetProperty(d => d.Revision, current + 1).SetProperty(d => d.UpdatedAt, now.UtcTicks), cancellationToken);
        }

        if (changed == 0)
        {
            throw new DocumentConflictException($"{kind} '{id}' was changed by another writer");
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoredDocument(kind, id, (JsonObject)body.DeepClone(), current + 1, now);
    }

    public async ValueTask<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await context.Documents.Where(d => d.Kind == kind && d.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private static StoredDocument FromRecord(DocumentRecord record) => new(
        record.Kind,
        record.Id,
        JsonNode.Parse(record.Body)?.AsObject() ?? [],
        record.Revision,
        new DateTimeOffset(record.UpdatedAt, TimeSpan.Zero));
}
