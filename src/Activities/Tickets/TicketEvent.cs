using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Tickets;

/// <summary>
/// A ticket event from any ticketing system, normalised: what happened (<see cref="Type"/>) to which ticket, and the
/// ticket as it stands after it. <see cref="TicketId"/> is qualified by its source (<c>zendesk:35436</c>), so two systems
/// never collide; workflows correlate on it.
/// </summary>
public sealed record TicketEvent
{
    public const string Created = "ticket.created";
    public const string PriorityChanged = "ticket.priority_changed";
    public const string StatusChanged = "ticket.status_changed";
    public const string CommentAdded = "ticket.comment_added";
    public const string Assigned = "ticket.assigned";
    public const string Solved = "ticket.solved";
    public const string Reopened = "ticket.reopened";

    public static readonly IReadOnlyList<string> Types = [Created, PriorityChanged, StatusChanged, CommentAdded, Assigned, Solved, Reopened];

    /// <summary>Normalised statuses; every source maps onto these.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["new", "open", "pending", "hold", "solved", "closed"];

    public required string Type { get; init; }

    public required string TicketId { get; init; }

    /// <summary><c>zendesk</c>, <c>jira</c>, <c>servicenow</c> or the generic sender's name.</summary>
    public required string Source { get; init; }

    /// <summary>The source's own id of this delivery (also the dedupe key within the source).</summary>
    public required string DeliveryId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>P1 (critical) to P4 (low); null when the ticket has none.</summary>
    public string? Priority { get; init; }

    public string? PreviousPriority { get; init; }

    public string? Status { get; init; }

    public string? PreviousStatus { get; init; }

    public string? Category { get; init; }

    public string? Subject { get; init; }

    public string? Requester { get; init; }

    /// <summary>The customer organisation, which is the account id in this product.</summary>
    public string? Account { get; init; }

    public string? Assignee { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string? Comment { get; init; }

    /// <summary>For a comment: true when the requester can see it (a public reply), false for an internal note; null when the source does not say.</summary>
    public bool? Public { get; init; }

    /// <summary>For a comment: the source's id of its author.</summary>
    public string? Author { get; init; }

    /// <summary>For a comment: <see cref="CommentAuthors.Agent"/> or <see cref="CommentAuthors.Requester"/>; null when the source does not say.</summary>
    public string? AuthorRole { get; init; }

    /// <summary>A public comment by an agent: what the first-response and next-response SLAs count as the response.</summary>
    public bool IsAgentReply => Type == CommentAdded && Public == true && AuthorRole == CommentAuthors.Agent;

    /// <summary>The event as workflows see it (a JSON object with camelCase names).</summary>
    public JsonObject ToJson()
    {
        var tags = new JsonArray();
        foreach (var tag in Tags)
        {
            tags.Add(tag);
        }

        return new JsonObject
        {
            ["type"] = Type,
            ["ticketId"] = TicketId,
            ["source"] = Source,
            ["deliveryId"] = DeliveryId,
            ["occurredAt"] = OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["priority"] = Priority,
            ["previousPriority"] = PreviousPriority,
            ["status"] = Status,
            ["previousStatus"] = PreviousStatus,
            ["category"] = Category,
            ["subject"] = Subject,
            ["requester"] = Requester,
            ["account"] = Account,
            ["assignee"] = Assignee,
            ["tags"] = tags,
            ["comment"] = Comment,
            ["public"] = Public,
            ["author"] = Author,
            ["authorRole"] = AuthorRole,
        };
    }
}

/// <summary>Who wrote a comment: someone working the ticket, or the customer side (the requester or another end user).</summary>
public static class CommentAuthors
{
    public const string Agent = "agent";
    public const string Requester = "requester";

    public static IReadOnlyList<string> All { get; } = [Agent, Requester];
}

/// <summary>The stimuli ticket events travel as.</summary>
public static class TicketStimuli
{
    /// <summary>Bookmarks waiting on one ticket: key = the ticket id. SLA timers and ticket waits listen here.</summary>
    public const string Event = "Orchestrator.TicketEvent";

    /// <summary>Triggers that start a workflow on a type of ticket event: key = the event type.</summary>
    public const string Trigger = "Orchestrator.TicketTrigger";
}
