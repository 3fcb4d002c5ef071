using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Sla;

/// <summary>
/// A ticket event as the webhooks normalise it, delivered to SLA timers as stimulus <see cref="StimulusName"/> keyed by
/// ticket id: <c>{"type": "ticket.status_changed", "ticketId", "status": "new|open|pending|hold|solved|closed", "priority": "P1".."P4", "tier": "L2"}</c> (priority and tier optional).
/// </summary>
public sealed record TicketEvent(string Type, string? TicketId, string? Status, string? Priority, string? Tier = null)
{
    /// <summary>For <c>ticket.comment_added</c>: whether the requester sees the comment (null when the source does not say).</summary>
    public bool? Public { get; init; }

    /// <summary>For <c>ticket.comment_added</c>: <c>agent</c> or <c>requester</c> (null when the source does not say).</summary>
    public string? AuthorRole { get; init; }

    /// <summary>
    /// An agent's response: <c>ticket.responded</c>, <c>ticket.agent_replied</c>, or a <c>ticket.comment_added</c> that is
    /// public and written by an agent. Internal notes and comments of unknown authorship are not responses.
    /// </summary>
    public bool IsAgentResponse =>
        Type is "ticket.responded" or "ticket.agent_replied"
        || (Type == "ticket.comment_added" && Public == true && string.Equals(AuthorRole, "agent", StringComparison.OrdinalIgnoreCase));

    /// <summary>The customer writing: <c>ticket.customer_replied</c>, or a comment by the requester's side.</summary>
    public bool IsCustomerReply =>
        Type == "ticket.customer_replied"
        || (Type == "ticket.comment_added" && string.Equals(AuthorRole, "requester", StringComparison.OrdinalIgnoreCase));

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

        return new TicketEvent(type, Text(node, "ticketId"), Text(node, "status")?.ToLowerInvariant(), Text(node, "priority"), Text(node, "tier"))
        {
            Public = node["public"] is JsonValue flag && flag.TryGetValue<bool>(out var isPublic) ? isPublic : null,
            AuthorRole = Text(node, "authorRole"),
        };
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
