using System.Text.Json.Nodes;
using Orchestrator.Activities.Tickets;

namespace Orchestrator.Webhooks;

/// <summary>
/// Our own schema for any other source: <c>{"id", "type", "occurredAt", "source"?, "ticket": {"id", "priority", "status",
/// "previousPriority"?, "previousStatus"?, "category", "subject", "requester", "account", "assignee", "tags", "comment"}}</c> where
/// <c>comment</c> is text or <c>{"body", "public", "author", "authorRole": "agent|requester"}</c>,
/// signed like ServiceNow with <c>X-Orchestrator-Timestamp</c> and <c>X-Orchestrator-Signature</c>.
/// </summary>
internal sealed class GenericWebhook : TicketWebhookSource
{
    public const string Name = "generic";
    public const string SignatureHeader = "X-Orchestrator-Signature";
    public const string TimestampHeader = "X-Orchestrator-Timestamp";

    public override string SourceName => Name;

    public override string? Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan replayWindow) =>
        ServiceNowWebhook.VerifyDotted(headers, body, secret, now, replayWindow, TimestampHeader, SignatureHeader);

    public override TicketParse Parse(JsonObject root, IHeaderDictionary headers)
    {
        var id = Text(root["id"]);
        if (string.IsNullOrWhiteSpace(id))
        {
            return TicketParse.Refused("id", "the event has no 'id' to deduplicate it by");
        }

        var type = Text(root["type"]);
        if (type is null || !TicketEvent.Types.Contains(type))
        {
            return TicketParse.Refused("type", $"'type' must be one of {string.Join(", ", TicketEvent.Types)}");
        }

        if (!DateTimeOffset.TryParse(Text(root["occurredAt"]), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var occurredAt))
        {
            return TicketParse.Refused("occurredAt", "'occurredAt' must be an ISO 8601 instant");
        }

        if (root["ticket"] is not JsonObject ticket || string.IsNullOrWhiteSpace(Text(ticket["id"])))
        {
            return TicketParse.Refused("ticket.id", "the event has no 'ticket.id'");
        }

        var priority = Text(ticket["priority"]);
        if (priority is not null && priority is not ("P1" or "P2" or "P3" or "P4"))
        {
            return TicketParse.Refused("ticket.priority", $"'ticket.priority' is '{priority}'; expected P1, P2, P3 or P4");
        }

        var status = Text(ticket["status"]);
        if (status is not null && !TicketEvent.Statuses.Contains(status))
        {
            return TicketParse.Refused("ticket.status", $"'ticket.status' is '{status}'; expected one of {string.Join(", ", TicketEvent.Statuses)}");
        }

        // The comment is text, or {"body", "public", "author", "authorRole"} when the sender knows who wrote it and who sees it.
        var comment = ticket["comment"] as JsonObject;
        var authorRole = Text(comment?["authorRole"])?.Trim().ToLowerInvariant();
        if (authorRole is not null && !CommentAuthors.All.Contains(authorRole))
        {
            return TicketParse.Refused("ticket.comment.authorRole", $"'ticket.comment.authorRole' is '{authorRole}'; expected {string.Join(" or ", CommentAuthors.All)}");
        }

        if (comment?["public"] is { } visibility && Flag(visibility) is null)
        {
            return TicketParse.Refused("ticket.comment.public", "'ticket.comment.public' must be true or false");
        }

        var source = Text(root["source"]) ?? Name;
        return TicketParse.Of([new TicketEvent
        {
            Type = type,
            TicketId = $"{source}:{Text(ticket["id"])}",
            Source = source,
            DeliveryId = id,
            OccurredAt = occurredAt,
            Priority = priority,
            PreviousPriority = Text(ticket["previousPriority"]),
            Status = status,
            PreviousStatus = Text(ticket["previousStatus"]),
            Category = Text(ticket["category"]),
            Subject = Text(ticket["subject"]),
            Requester = Text(ticket["requester"]),
            Account = Text(ticket["account"]),
            Assignee = Text(ticket["assignee"]),
            Tags = Strings(ticket["tags"]),
            Comment = comment is null ? Text(ticket["comment"]) : Text(comment["body"]),
            Public = comment is null ? null : Flag(comment["public"]),
            Author = comment is null ? null : Text(comment["author"]),
            AuthorRole = authorRole,
        }]);
    }
}
