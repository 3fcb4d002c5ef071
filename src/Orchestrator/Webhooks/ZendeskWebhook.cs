using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Tickets;

namespace Orchestrator.Webhooks;

/// <summary>
/// Zendesk event webhooks: <c>X-Zendesk-Webhook-Signature</c> = base64(HMAC-SHA256(secret, timestamp + body)), the
/// timestamp in <c>X-Zendesk-Webhook-Signature-Timestamp</c>; the envelope's <c>id</c> is the dedupe key.
/// </summary>
internal sealed class ZendeskWebhook : TicketWebhookSource
{
    public const string Name = "zendesk";
    public const string SignatureHeader = "X-Zendesk-Webhook-Signature";
    public const string TimestampHeader = "X-Zendesk-Webhook-Signature-Timestamp";

    private const string TypePrefix = "zen:event-type:";

    public override string SourceName => Name;

    public override string? Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan replayWindow)
    {
        var timestamp = Header(headers, TimestampHeader);
        if (!WebhookSignature.TryParseTimestamp(timestamp, out var sent))
        {
            return $"header {TimestampHeader} is missing or not a timestamp";
        }

        var expected = WebhookSignature.HmacSha256(secret, Encoding.UTF8.GetBytes(timestamp!), body);
        return WebhookSignature.MatchesBase64(Header(headers, SignatureHeader), expected)
            ? CheckWindow(sent, now, replayWindow, $"header {TimestampHeader}")
            : SignatureRefusal(headers, SignatureHeader);
    }

    public override TicketParse Parse(JsonObject root, IHeaderDictionary headers)
    {
        var rawType = Text(root["type"]);
        if (rawType is null)
        {
            return TicketParse.Refused("type", "the Zendesk event has no 'type' (expected zen:event-type:ticket.*)");
        }

        var id = Text(root["id"]);
        if (string.IsNullOrWhiteSpace(id))
        {
            return TicketParse.Refused("id", "the Zendesk event has no 'id' to deduplicate it by");
        }

        if (root["detail"] is not JsonObject detail)
        {
            return TicketParse.Refused("detail", "the Zendesk event has no 'detail' object with the ticket");
        }

        var ticket = Text(detail["id"]) ?? TicketFromSubject(Text(root["subject"]));
        if (string.IsNullOrWhiteSpace(ticket))
        {
            return TicketParse.Refused("detail.id", "the Zendesk event names no ticket ('detail.id' or 'subject' zen:ticket:<id>)");
        }

        if (Unknown(Text(detail["priority"]), Priority) is { } priorityValue)
        {
            return TicketParse.Refused("detail.priority", $"'detail.priority' is '{priorityValue}'; expected low, normal, high or urgent");
        }

        if (Unknown(Text(detail["status"]), Status) is { } statusValue)
        {
            return TicketParse.Refused("detail.status", $"'detail.status' is '{statusValue}'; expected new, open, pending, hold, solved or closed");
        }

        var kind = rawType.StartsWith(TypePrefix, StringComparison.Ordinal) ? rawType[TypePrefix.Length..] : rawType;
        var status = Status(Text(detail["status"]));
        var previous = root["event"] as JsonObject;
        string? type;
        string? previousStatus = null;
        string? previousPriority = null;
        switch (kind)
        {
            case "ticket.created":
                type = TicketEvent.Created;
                break;
            case "ticket.priority_changed":
                type = TicketEvent.PriorityChanged;
                previousPriority = Priority(Text(previous?["previous"]));
                break;
            case "ticket.status_changed":
                previousStatus = Status(Text(previous?["previous"]));
                status = Status(Text(previous?["current"])) ?? status;
                type = StatusEventType(previousStatus, status);
                break;
            case "ticket.comment_added":
                type = TicketEvent.CommentAdded;
                break;
            case "ticket.agent_assignment_changed" or "ticket.group_assignment_changed":
                type = TicketEvent.Assigned;
                break;
            default:
                return TicketParse.Ignored();
        }

        var occurredAt = DateTimeOffset.TryParse(Text(root["time"]), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time) ? time : (DateTimeOffset?)null;
        if (occurredAt is null)
        {
            return TicketParse.Refused("time", "the Zendesk event has no 'time' instant");
        }

        var tags = Strings(detail["tags"]);
        var comment = type == TicketEvent.CommentAdded ? previous?["comment"] as JsonObject : null;
        var author = comment is null ? null : Text(comment["author"]?["id"]) ?? Text(comment["author_id"]);
        var priority = Priority(Text(detail["priority"]));
        if (type == TicketEvent.PriorityChanged && Priority(Text(previous?["current"])) is { } current)
        {
            priority = current;
        }

        return TicketParse.Of([new TicketEvent
        {
            Type = type,
            TicketId = $"{Name}:{ticket}",
            Source = Name,
            DeliveryId = id,
            OccurredAt = occurredAt.Value,
            Priority = priority,
            PreviousPriority = previousPriority,
            Status = status,
            PreviousStatus = previousStatus,
            Category = Text(detail["category"]) ?? CategoryFromTags(tags),
            Subject = Text(detail["subject"]),
            Requester = Text(detail["requester_id"]),
            Account = Text(detail["organization_id"]),
            Assignee = Text(detail["assignee_id"]),
            Tags = tags,
            Comment = comment is null ? null : Text(comment["body"]),
            Public = comment is null ? null : Flag(comment["is_public"] ?? comment["public"]),
            Author = author,
            AuthorRole = comment is null ? null : AuthorRole(comment, author, Text(detail["requester_id"])),
        }]);
    }

    /// <summary>
    /// Staff (<c>author.is_staff</c>) are agents, end users the requester's side; without the flag, the requester writing is
    /// the requester and anyone else is unknown.
    /// </summary>
    private static string? AuthorRole(JsonObject comment, string? author, string? requester) => Flag(comment["author"]?["is_staff"]) switch
    {
        true => CommentAuthors.Agent,
        false => CommentAuthors.Requester,
        null when author is not null && author == requester => CommentAuthors.Requester,
        _ => null,
    };

    /// <summary>Zendesk's low/normal/high/urgent as P4..P1.</summary>
    public static string? Priority(string? value) => value?.ToLowerInvariant() switch
    {
        "urgent" => "P1",
        "high" => "P2",
        "normal" => "P3",
        "low" => "P4",
        _ => null,
    };

    private static string? Status(string? value) => value?.ToLowerInvariant() switch
    {
        "new" => "new",
        "open" => "open",
        "pending" => "pending",
        "hold" or "on-hold" => "hold",
        "solved" => "solved",
        "closed" => "closed",
        _ => null,
    };

    private static string? TicketFromSubject(string? subject) =>
        subject is not null && subject.StartsWith("zen:ticket:", StringComparison.Ordinal) ? subject["zen:ticket:".Length..] : null;
}
