using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Storage;

/// <summary>Documents in memory, for tests, the CLI and simulation.</summary>
public sealed class InMemoryDocumentStore(TimeProvider time) : IDocumentStore
{
    private readonly ConcurrentDictionary<(string Kind, string Id), StoredDocument> _documents = new();
    private readonly Lock _writes = new();

    public ValueTask<StoredDocument?> GetAsync(string kind, string id, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_documents.TryGetValue((kind, id), out var document) ? Copy(document) : null);

    public ValueTask<IReadOnlyList<StoredDocument>> ListAsync(string kind, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<StoredDocument>>([.. _documents.Values.Where(d => d.Kind == kind).OrderBy(d => d.Id, StringComparer.Ordinal).Select(Copy)]);

    public ValueTask<StoredDocument> PutAsync(string kind, string id, JsonObject body, int? expectedRevision = null, CancellationToken cancellationToken = default)
    {
        lock (_writes)
        {
            var current = _documents.TryGetValue((kind, id), out var existing) ? existing.Revision : 0;
            if (expectedRevision is { } expected && expected != current)
            {
                throw new DocumentConflictException(kind, id, expected, current);
            }

            var stored = new StoredDocument(kind, id, (JsonObject)body.DeepClone(), current + 1, time.GetUtcNow());
            _documents[(kind, id)] = stored;
            return ValueTask.FromResult(Copy(stored));
        }
    }

    public ValueTask<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_documents.TryRemove((kind, id), out _));

    private static StoredDocument Copy(StoredDocument document) => document with { Body = (JsonObject)document.Body.DeepClone() };
}
