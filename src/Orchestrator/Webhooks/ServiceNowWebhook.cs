using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Tickets;

namespace Orchestrator.Webhooks;

/// <summary>
/// ServiceNow has no native webhook signing, so the outbound REST message we document signs each delivery:
/// <c>X-ServiceNow-Timestamp</c> (Unix seconds) and <c>X-ServiceNow-Signature: sha256=&lt;hex HMAC-SHA256(secret,
/// timestamp + "." + body)&gt;</c>. The dedupe key is <c>sys_id:sys_mod_count</c> (the record's update counter).
/// </summary>
internal sealed class ServiceNowWebhook : TicketWebhookSource
{
    public const string Name = "servicenow";
    public const string SignatureHeader = "X-ServiceNow-Signature";
    public const string TimestampHeader = "X-ServiceNow-Timestamp";

    private const string PriorityValues = "1 (critical), 2 (high), 3 (moderate), 4 (low) or 5 (planning)";
    private const string StateValues = "1 (New), 2 (In Progress), 3 (On Hold), 6 (Resolved), 7 (Closed) or 8 (Canceled)";

    public override string SourceName => Name;

    public override string? Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan replayWindow) =>
        VerifyDotted(headers, body, secret, now, replayWindow, TimestampHeader, SignatureHeader);

    /// <summary>The <c>timestamp + "." + body</c> scheme shared with the generic source.</summary>
    public static string? VerifyDotted(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan replayWindow, string timestampHeader, string signatureHeader)
    {
        var timestamp = Header(headers, timestampHeader);
        if (!WebhookSignature.TryParseTimestamp(timestamp, out var sent))
        {
            return $"header {timestampHeader} is missing or not a timestamp";
        }

        var expected = WebhookSignature.HmacSha256(secret, Encoding.UTF8.GetBytes(timestamp + "."), body);
        return WebhookSignature.MatchesPrefixedHex(Header(headers, signatureHeader), expected)
            ? CheckWindow(sent, now, replayWindow, $"header {timestampHeader}")
            : SignatureRefusal(headers, signatureHeader);
    }

    public override TicketParse Parse(JsonObject root, IHeaderDictionary headers)
    {
        var number = Text(root["number"]);
        if (string.IsNullOrWhiteSpace(number))
        {
            return TicketParse.Refused("number", "the ServiceNow payload has no 'number' (INC0010001)");
        }

        var sysId = Text(root["sys_id"]);
        var modCount = Text(root["sys_mod_count"]);
        if (string.IsNullOrWhiteSpace(sysId) || string.IsNullOrWhiteSpace(modCount))
        {
            return TicketParse.Refused(sysId is null ? "sys_id" : "sys_mod_count", "the ServiceNow payload needs 'sys_id' and 'sys_mod_count' to deduplicate it by");
        }

        var action = Text(root["event"]);
        if (action is null)
        {
            return TicketParse.Refused("event", "the ServiceNow payload has no 'event' (created, updated or commented)");
        }

        if (!DateTimeOffset.TryParse(Text(root["sys_updated_on"]), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var occurredAt))
        {
            return TicketParse.Refused("sys_updated_on", "the ServiceNow payload has no 'sys_updated_on' instant");
        }

        var previous = root["previous"] as JsonObject;
        foreach (var (field, value, map, expected) in new (string, string?, Func<string?, string?>, string)[]
        {
            ("priority", Text(root["priority"]), Priority, PriorityValues),
            ("state", Text(root["state"]), Status, StateValues),
            ("previous.priority", Text(previous?["priority"]), Priority, PriorityValues),
            ("previous.state", Text(previous?["state"]), Status, StateValues),
        })
        {
            if (Unknown(value, map) is { } unknown)
            {
                return TicketParse.Refused(field, $"'{field}' is '{unknown}'; expected {expected}");
            }
        }

        var priority = Priority(Text(root["priority"]));
        var status = Status(Text(root["state"]));
        var template = new TicketEvent
        {
            Type = TicketEvent.Created,
            TicketId = $"{Name}:{number}",
            Source = Name,
            DeliveryId = $"{sysId}:{modCount}",
            OccurredAt = occurredAt,
            Priority = priority,
            Status = status,
            Category = Text(root["category"]),
            Subject = Text(root["short_description"]),
            Requester = Text(root["caller_id"]),
            Account = Text(root["company"]),
            Assignee = Text(root["assigned_to"]),
        };

        switch (action)
        {
            case "created":
                return TicketParse.Of([template]);
            case "commented":
                return Comment(root, template);
            case "updated":
                break;
            default:
                return TicketParse.Refused("event", $"the ServiceNow 'event' is '{action}'; expected created, updated or commented");
        }

        var events = new List<TicketEvent>();
        if (previous is not null && Priority(Text(previous["priority"])) is { } before && before != priority)
        {
            events.Add(template with { Type = TicketEvent.PriorityChanged, DeliveryId = $"{template.DeliveryId}:priority", PreviousPriority = before });
        }

        if (previous is not null && Status(Text(previous["state"])) is { } was && was != status)
        {
            events.Add(template with { Type = StatusEventType(was, status), DeliveryId = $"{template.DeliveryId}:status", PreviousStatus = was });
        }

        if (previous?["assigned_to"] is not null && Text(previous["assigned_to"]) != template.Assignee)
        {
            events.Add(template with { Type = TicketEvent.Assigned, DeliveryId = $"{template.DeliveryId}:assignee" });
        }

        return TicketParse.Of(events);
    }

    /// <summary>
    /// <c>comments</c> (additional comments, which the caller sees) are public; <c>work_notes</c> are internal. The author is
    /// <c>comment_author</c> (the user's sys_id); <c>author_role</c> says agent or requester outright, otherwise the caller
    /// writing is the requester and anyone else an agent.
    /// </summary>
    private static TicketParse Comment(JsonObject root, TicketEvent template)
    {
        var comments = Text(root["comments"]);
        var workNotes = Text(root["work_notes"]);
        bool? isPublic = !string.IsNullOrWhiteSpace(comments) ? true : !string.IsNullOrWhiteSpace(workNotes) ? false : null;
        var author = Text(root["comment_author"]);
        var role = Text(root["author_role"])?.Trim().ToLowerInvariant();
        if (role is not null && !CommentAuthors.All.Contains(role))
        {
            return TicketParse.Refused("author_role", $"'author_role' is '{role}'; expected {string.Join(" or ", CommentAuthors.All)}");
        }

        role ??= author is null ? null : author == template.Requester ? CommentAuthors.Requester : CommentAuthors.Agent;
        return TicketParse.Of([template with
        {
            Type = TicketEvent.CommentAdded,
            Comment = isPublic == false ? workNotes : comments,
            Public = isPublic,
            Author = author,
            AuthorRole = role,
        }]);
    }

    /// <summary>ServiceNow's 1 (critical) to 5 (planning) as P1..P4.</summary>
    public static string? Priority(string? value) => value?.Trim() switch
    {
        "1" => "P1",
        "2" => "P2",
        "3" => "P3",
        "4" or "5" => "P4",
        _ => null,
    };

    /// <summary>Incident states: 1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled.</summary>
    public static string? Status(string? value) => value?.Trim() switch
    {
        "1" => "new",
        "2" => "open",
        "3" => "hold",
        "6" => "solved",
        "7" or "8" => "closed",
        _ => null,
    };
}
