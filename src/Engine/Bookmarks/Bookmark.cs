using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Engine.Bookmarks;

/// <summary>
/// A point where a run waits for a stimulus: an event, a task completion, a timer. Resuming it continues exactly
/// the activity execution that created it. A bookmark with <see cref="DueAt"/> is a timer.
/// </summary>
public sealed class Bookmark
{
    public required string Id { get; init; }

    /// <summary>The stimulus name, e.g. <c>Elsa.Event</c>, <c>Elsa.RunTask</c>, <c>Elsa.Delay</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Hash of name and key, for indexed lookup by stimulus.</summary>
    public required string Hash { get; init; }

    /// <summary>What distinguishes stimuli of the same name: an event name, a task id, a child instance id.</summary>
    public string? Key { get; init; }

    public JsonObject? Payload { get; init; }

    public required string WorkflowInstanceId { get; init; }

    public required string ActivityId { get; init; }

    public required string ActivityNodeId { get; init; }

    public required int ContextId { get; init; }

    public DateTimeOffset? DueAt { get; init; }

    public string? CorrelationId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Stable hashes of stimulus name and key, the same in every process.</summary>
public static class BookmarkHash
{
    public static string Compute(string name, string? key)
    {
        var text = key is null ? name : string.Concat(name, "\n", key);
        Span<byte> hash = stackalloc byte[32];
        var byteCount = Encoding.UTF8.GetByteCount(text);
        var buffer = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(text, buffer);
        SHA256.HashData(buffer, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
