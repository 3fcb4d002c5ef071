using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Storage;

/// <summary>
/// Small configuration documents kept by kind and id: calendars, people, rotations, escalation policies, templates.
/// The host stores them in the database; tests and the CLI keep them in memory. Writes are whole-document and
/// guarded by a revision so two editors cannot silently overwrite each other.
/// </summary>
public interface IDocumentStore
{
    ValueTask<StoredDocument?> GetAsync(string kind, string id, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<StoredDocument>> ListAsync(string kind, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates or replaces a document. With <paramref name="expectedRevision"/> the write only succeeds when the stored
    /// revision matches (0 = must not exist yet); otherwise <see cref="DocumentConflictException"/>.
    /// </summary>
    ValueTask<StoredDocument> PutAsync(string kind, string id, JsonObject body, int? expectedRevision = null, CancellationToken cancellationToken = default);

    ValueTask<bool> DeleteAsync(string kind, string id, CancellationToken cancellationToken = default);
}

/// <summary>A stored document: its body and the revision a conditional write must name.</summary>
public sealed record StoredDocument(string Kind, string Id, JsonObject Body, int Revision, DateTimeOffset UpdatedAt);

/// <summary>A conditional write named a revision that is no longer current.</summary>
public sealed class DocumentConflictException : Exception
{
    public DocumentConflictException(string kind, string id, int? expected, int actual)
        : base($"{kind} '{id}' is at revision {actual}, not {expected}")
    {
        Kind = kind;
        Id = id;
        ActualRevision = actual;
    }

    public DocumentConflictException()
    {
        Kind = Id = string.Empty;
    }

    public DocumentConflictException(string message)
        : base(message)
    {
        Kind = Id = string.Empty;
    }

    public DocumentConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = Id = string.Empty;
    }

    public string Kind { get; }

    public string Id { get; }

    public int ActualRevision { get; }
}
