using System.Text.Json.Nodes;
using Orchestrator.Activities.Tickets;

namespace Orchestrator.Webhooks;

/// <summary>
/// Jira and Jira Service Management webhooks: <c>X-Hub-Signature: sha256=&lt;hex HMAC-SHA256(secret, body)&gt;</c>, the
/// delivery id in <c>X-Atlassian-Webhook-Identifier</c>, the body's <c>timestamp</c> (Unix milliseconds) checked against
/// the replay window. One update can carry several changes; each tracked change becomes its own event.
/// </summary>
internal sealed class JiraWebhook : TicketWebhookSource
{
    public const string Name = "jira";
    public const string SignatureHeader = "X-Hub-Signature";
    public const string DeliveryHeader = "X-Atlassian-Webhook-Identifier";

    public override string SourceName => Name;

    public override string? Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body, string secret, DateTimeOffset now, TimeSpan replayWindow) =>
        WebhookSignature.MatchesPrefixedHex(Header(headers, SignatureHeader), WebhookSignature.HmacSha256(secret, [], body))
            ? null
            : SignatureRefusal(headers, SignatureHeader);

    public override TicketParse Parse(JsonObject root, IHeaderDictionary headers)
    {
        var delivery = Header(headers, DeliveryHeader);
        if (string.IsNullOrWhiteSpace(delivery))
        {
            return TicketParse.Refused(DeliveryHeader, $"header {DeliveryHeader} is missing; it is the delivery's dedupe key");
        }

        var webhookEvent = Text(root["webhookEvent"]);
        if (webhookEvent is null)
        {
            return TicketParse.Refused("webhookEvent", "the Jira payload has no 'webhookEvent'");
        }

        if (root["issue"] is not JsonObject issue || Text(issue["key"]) is not { } key)
        {
            return TicketParse.Refused("issue.key", "the Jira payload has no 'issue.key'");
        }

        if (Text(root["timestamp"]) is not { } millis || !long.TryParse(millis, System.Globalization.CultureInfo.InvariantCulture, out var unixMillis))
        {
            return TicketParse.Refused("timestamp", "the Jira payload has no 'timestamp' (Unix milliseconds)");
        }

        var fields = issue["fields"] as JsonObject;
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(unixMillis);
        var labels = Strings(fields?["labels"]);
        var template = new TicketEvent
        {
            Type = TicketEvent.Created,
            TicketId = $"{Name}:{key}",
            Source = Name,
            DeliveryId = delivery,
            OccurredAt = sentAt,
            Priority = Priority(Text(fields?["priority"]?["name"])),
            Status = Status(Text(fields?["status"]?["name"])),
            Category = CategoryFromTags(labels) ?? ((fields?["components"] as JsonArray)?.FirstOrDefault() is JsonObject component ? Text(component["name"]) : null),
            Subject = Text(fields?["summary"]),
            Requester = Text(fields?["reporter"]?["accountId"]),
            Account = (fields?["organizations"] as JsonArray)?.FirstOrDefault() is JsonObject organization ? Text(organization["name"]) : null,
            Assignee = Text(fields?["assignee"]?["accountId"]),
            Tags = labels,
        };

        switch (webhookEvent)
        {
            case "jira:issue_created":
                return TicketParse.Of([template], sentAt, "timestamp");
            case "comment_created":
                return TicketParse.Of([Comment(template, root["comment"] as JsonObject)], sentAt, "timestamp");
            case "jira:issue_updated":
                break;
            default:
                return TicketParse.Ignored() with { SentAt = sentAt, SentAtField = "timestamp" };
        }

        var events = new List<TicketEvent>();
        foreach (var item in (root["changelog"]?["items"] as JsonArray ?? []).OfType<JsonObject>())
        {
            switch (Text(item["field"])?.ToLowerInvariant())
            {
                case "priority":
                    events.Add(template with { Type = TicketEvent.PriorityChanged, DeliveryId = $"{delivery}:priority", PreviousPriority = Priority(Text(item["fromString"])), Priority = Priority(Text(item["toString"])) ?? template.Priority });
                    break;
                case "status":
                    var previous = Status(Text(item["fromString"]));
                    var current = Status(Text(item["toString"])) ?? template.Status;
                    events.Add(template with { Type = StatusEventType(previous, current), DeliveryId = $"{delivery}:status", PreviousStatus = previous, Status = current });
                    break;
                case "assignee":
                    events.Add(template with { Type = TicketEvent.Assigned, DeliveryId = $"{delivery}:assignee" });
                    break;
            }
        }

        return TicketParse.Of(events, sentAt, "timestamp");
    }

    /// <summary>
    /// A comment: JSM says whether the customer sees it (<c>jsdPublic</c>); in plain Jira a comment restricted by
    /// <c>visibility</c> (a group or project role) is internal and any other is public. The reporter writing is the
    /// requester; anyone else is an agent.
    /// </summary>
    private static TicketEvent Comment(TicketEvent template, JsonObject? comment)
    {
        var author = Text(comment?["author"]?["accountId"]) ?? Text(comment?["author"]?["name"]);
        bool? isPublic = comment is null ? null : Flag(comment["jsdPublic"]) ?? comment["visibility"] is not JsonObject;
        var role = author is null ? null : author == template.Requester ? CommentAuthors.Requester : CommentAuthors.Agent;
        return template with { Type = TicketEvent.CommentAdded, Comment = Text(comment?["body"]), Public = isPublic, Author = author, AuthorRole = role };
    }

    /// <summary>Jira's priority names (and P1-P4 schemes) as P1..P4.</summary>
    public static string? Priority(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "highest" or "blocker" or "critical" or "p1" => "P1",
        "high" or "major" or "p2" => "P2",
        "medium" or "p3" => "P3",
        "low" or "lowest" or "minor" or "trivial" or "p4" or "p5" => "P4",
        _ => null,
    };

    /// <summary>Workflow status names onto the normalised statuses; anything unrecognised is work in progress (open).</summary>
    public static string? Status(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "new" => "new",
        "waiting for customer" or "pending" or "waiting on customer" => "pending",
        "on hold" or "hold" or "waiting for third party" or "blocked" => "hold",
        "resolved" or "done" => "solved",
        "closed" or "canceled" or "cancelled" => "closed",
        _ => "open",
    };
}
