using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Tickets;

namespace Orchestrator.Webhooks;

/// <summary>
/// One ticketing system's webhook dialect: how a delivery proves where it came from, and how its payload maps onto
/// normalised <see cref="TicketEvent"/>s.
/// </summary>
internal abstract class TicketWebhookSource
{
    public abstract string SourceName { get; }

    /// <summary>Null when the delivery is authentic and fresh; otherwise why it is refused.</summary>
    public abstract string? Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan replayWindow);

    public abstract TicketParse Parse(JsonObject root, IHeaderDictionary headers);

    protected static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => null,
    };

    /// <summary>A JSON boolean, or the text <c>true</c>/<c>false</c>; null otherwise.</summary>
    protected static bool? Flag(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.True => true,
        JsonValue value when value.GetValueKind() == JsonValueKind.False => false,
        JsonValue value when value.GetValueKind() == JsonValueKind.String && bool.TryParse(value.GetValue<string>(), out var parsed) => parsed,
        _ => null,
    };

    protected static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(Text).OfType<string>()] : [];

    protected static string? Header(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The value when it is given but the mapping does not know it; null when it is absent (or blank) or known.</summary>
    protected static string? Unknown(string? value, Func<string?, string?> map) =>
        !string.IsNullOrWhiteSpace(value) && map(value) is null ? value : null;

    /// <summary>Why a signature header is refused: absent, or present and not the MAC of this body.</summary>
    protected static string SignatureRefusal(IHeaderDictionary headers, string header) =>
        string.IsNullOrEmpty(Header(headers, header)) ? $"header {header} is missing" : $"header {header} does not match the body";

    protected static string? CheckWindow(DateTimeOffset sent, DateTimeOffset now, TimeSpan window, string where) =>
        (now - sent).Duration() <= window
            ? null
            : $"{where} {sent.ToString("O", CultureInfo.InvariantCulture)} is outside the {window.TotalMinutes:0}-minute replay window";

    /// <summary>The type an update carries once its new status is known: solved, reopened or a plain status change.</summary>
    protected static string StatusEventType(string? previous, string? current)
    {
        if (current == "solved")
        {
            return TicketEvent.Solved;
        }

        return previous is "solved" or "closed" && current is "new" or "open" or "pending" or "hold"
            ? TicketEvent.Reopened
            : TicketEvent.StatusChanged;
    }

    /// <summary>A category from tags written <c>category:x</c> or <c>category_x</c>.</summary>
    protected static string? CategoryFromTags(IReadOnlyList<string> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.StartsWith("category:", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("category_", StringComparison.OrdinalIgnoreCase))
            {
                return tag[9..].Replace('_', ' ');
            }
        }

        return null;
    }
}

/// <summary>
/// What a payload said: events to store, or nothing with the reason (refused: <see cref="Field"/> names what is wrong;
/// ignored: a type we do not track). <see cref="SentAt"/> is a send time read from the body, named by <see cref="SentAtField"/>.
/// </summary>
internal sealed record TicketParse(IReadOnlyList<TicketEvent> Events, string? Field, string? Error, DateTimeOffset? SentAt = null, string? SentAtField = null)
{
    public bool IsRefused => Error is not null;

    public static TicketParse Of(IReadOnlyList<TicketEvent> events, DateTimeOffset? sentAt = null, string? sentAtField = null) => new(events, null, null, sentAt, sentAtField);

    public static TicketParse Refused(string field, string error) => new([], field, error);

    public static TicketParse Ignored() => new([], null, null);
}
