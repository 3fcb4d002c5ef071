using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Sla;

/// <summary>
/// A ticket event as the webhooks normalise it, delivered to SLA timers as stimulus <see cref="StimulusName"/> keyed by
/// ticket id: <c>{"type": "ticket.status_changed", "ticketId", "status": "new|open|pending|hold|solved|closed", "priority": "P1".."P4", "tier": "L2"}</c> (priority and tier optional).
/// </summary>
public sealed record TicketEvent(string Type, string? TicketId, string? Status, string? Priority, string? Tier = null)
{
    public const string StimulusName = "Orchestrator.TicketEvent";

    /// <summary>Reads the event from whatever the stimulus carried (JSON text, a JSON node or element, a dictionary).</summary>
    public static TicketEvent? From(object? input)
    {
        var node = input switch
        {
            null => null,
            JsonObject o => o,
            JsonElement e => JsonNode.Parse(e.GetRawText()) as JsonObject,
            string s => TryParse(s),
            _ => JsonSerializer.SerializeToNode(input) as JsonObject,
        };
        if (node is null)
        {
            return null;
        }

        var type = Text(node, "type") ?? string.Empty;
        if (type.StartsWith("zen:event-type:", StringComparison.Ordinal))
        {
            type = type["zen:event-type:".Length..];
        }

        if (type.Length > 0 && !type.StartsWith("ticket.", StringComparison.Ordinal))
        {
            type = "ticket." + type;
        }

        return new TicketEvent(type, Text(node, "ticketId"), Text(node, "status")?.ToLowerInvariant(), Text(node, "priority"), Text(node, "tier"));
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject node, string name) => node[name] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
