namespace Orchestrator.Persistence;

/// <summary>One version of a definition. Times are UTC ticks: both providers order and compare them natively.</summary>
internal sealed class DefinitionRecord
{
    public required string Id { get; set; }

    public required string DefinitionId { get; set; }

    public int Version { get; set; }

    public required string Name { get; set; }

    public bool IsPublished { get; set; }

    public bool IsLatest { get; set; }

    public bool UsableAsActivity { get; set; }

    public required string ActivityTypeName { get; set; }

    public required string Json { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }
}

internal sealed class InstanceRecord
{
    public required string Id { get; set; }

    public required string DefinitionId { get; set; }

    public required string DefinitionVersionId { get; set; }

    public int Version { get; set; }

    public required string Status { get; set; }

    public required string SubStatus { get; set; }

    public string? CorrelationId { get; set; }

    public string? Name { get; set; }

    public string? ParentInstanceId { get; set; }

    public required byte[] State { get; set; }

    public int IncidentCount { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public long? FinishedAt { get; set; }

    /// <summary>Optimistic concurrency: every commit increments it and checks the value it loaded.</summary>
    public long Revision { get; set; }
}

internal sealed class BookmarkRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public required string Name { get; set; }

    public required string Hash { get; set; }

    public string? Key { get; set; }

    public required string ActivityId { get; set; }

    public required string ActivityNodeId { get; set; }

    public int ContextId { get; set; }

    public string? Payload { get; set; }

    public long? DueAt { get; set; }

    public string? CorrelationId { get; set; }

    public long CreatedAt { get; set; }
}

internal sealed class TriggerRecord
{
    public required string Id { get; set; }

    public required string DefinitionId { get; set; }

    public required string DefinitionVersionId { get; set; }

    public required string ActivityId { get; set; }

    public required string Name { get; set; }

    public required string Hash { get; set; }

    public required string Key { get; set; }

    public required string Payload { get; set; }
}

/// <summary>The journal of one burst, as a JSON array: one row per burst keeps commits cheap.</summary>
internal sealed class JournalRecord
{
    public long Id { get; set; }

    public required string InstanceId { get; set; }

    public long FirstSequence { get; set; }

    public required string Entries { get; set; }

    public long CreatedAt { get; set; }
}

internal sealed class IncidentRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public required string ActivityId { get; set; }

    public required string ActivityNodeId { get; set; }

    public required string ActivityType { get; set; }

    public required string Message { get; set; }

    public string? ExceptionType { get; set; }

    public long Timestamp { get; set; }

    public bool Resolved { get; set; }
}

/// <summary>An external stimulus (event, task completion, run request), stored before it is answered and delivered after.</summary>
internal sealed class StimulusRecord
{
    public required string Id { get; set; }

    public required string DedupeKey { get; set; }

    public required string Kind { get; set; }

    public required string Name { get; set; }

    public string? Key { get; set; }

    public string? CorrelationId { get; set; }

    public string? Payload { get; set; }

    public required string Status { get; set; }

    public int Attempts { get; set; }

    public long ReceivedAt { get; set; }

    public long NextAttemptAt { get; set; }

    public long? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}

/// <summary>A message to send after its burst committed; sent at least once with a stable idempotency key.</summary>
internal sealed class OutboxRecord
{
    public required string Id { get; set; }

    public required string Channel { get; set; }

    public required string IdempotencyKey { get; set; }

    public required string Payload { get; set; }

    public required string InstanceId { get; set; }

    public required string ActivityId { get; set; }

    public required string Status { get; set; }

    public int Attempts { get; set; }

    public long CreatedAt { get; set; }

    public long NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>The provider's id for the sent message (Twilio's <c>SM...</c> SID), to match its status callbacks.</summary>
    public string? ProviderId { get; set; }

    /// <summary>The last delivery status the provider reported (<c>queued</c>, <c>delivered</c>, <c>undelivered</c>, ...).</summary>
    public string? DeliveryStatus { get; set; }
}

/// <summary>One try at sending an outbox message: when, how it ended, and why it failed.</summary>
internal sealed class OutboxAttemptRecord
{
    public long Id { get; set; }

    public required string OutboxId { get; set; }

    public int Attempt { get; set; }

    public long At { get; set; }

    public required string Outcome { get; set; }

    public string? Error { get; set; }
}

/// <summary>A configuration document (calendar, person, rotation, policy, template): JSON by kind and id.</summary>
internal sealed class DocumentRecord
{
    public required string Kind { get; set; }

    public required string Id { get; set; }

    public required string Body { get; set; }

    public int Revision { get; set; }

    public long UpdatedAt { get; set; }
}

internal sealed class ApiKeyRecord
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string KeyHash { get; set; }

    public required string Roles { get; set; }

    public long CreatedAt { get; set; }

    public long? RevokedAt { get; set; }
}
