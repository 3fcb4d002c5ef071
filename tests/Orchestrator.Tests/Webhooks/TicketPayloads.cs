using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Tests.Webhooks;

/// <summary>Deliveries in each system's shape (DOMAIN.md, "External wire facts").</summary>
internal static class TicketPayloads
{
    public static string ZendeskCreated(string eventId, string ticketId, string priority, DateTimeOffset at, string status = "new") => new JsonObject
    {
        ["type"] = "zen:event-type:ticket.created",
        ["id"] = eventId,
        ["time"] = Iso(at),
        ["subject"] = $"zen:ticket:{ticketId}",
        ["detail"] = new JsonObject
        {
            ["id"] = ticketId,
            ["priority"] = priority,
            ["status"] = status,
            ["subject"] = "Cannot sign in to the provider portal",
            ["requester_id"] = "9001",
            ["organization_id"] = "acme-health",
            ["assignee_id"] = null,
            ["group_id"] = "360001",
            ["tags"] = new JsonArray("category:account_access", "vip"),
        },
        ["event"] = new JsonObject(),
    }.ToJsonString();

    public static string ZendeskChange(string eventId, string ticketId, string type, string? previous, string? current, DateTimeOffset at, string priority = "normal", string status = "open") => new JsonObject
    {
        ["type"] = $"zen:event-type:{type}",
        ["id"] = eventId,
        ["time"] = Iso(at),
        ["subject"] = $"zen:ticket:{ticketId}",
        ["detail"] = new JsonObject { ["id"] = ticketId, ["priority"] = priority, ["status"] = status, ["tags"] = new JsonArray() },
        ["event"] = new JsonObject { ["previous"] = previous, ["current"] = current },
    }.ToJsonString();

    /// <summary>A Zendesk comment event: <c>event.comment</c> with <c>is_public</c> and the author (staff or not).</summary>
    public static string ZendeskComment(string eventId, string ticketId, DateTimeOffset at, bool isPublic, bool byStaff, string priority = "urgent", string status = "open") => new JsonObject
    {
        ["type"] = "zen:event-type:ticket.comment_added",
        ["id"] = eventId,
        ["time"] = Iso(at),
        ["subject"] = $"zen:ticket:{ticketId}",
        ["detail"] = new JsonObject { ["id"] = ticketId, ["priority"] = priority, ["status"] = status, ["requester_id"] = "9001", ["organization_id"] = "acme-health", ["tags"] = new JsonArray("category:account_access") },
        ["event"] = new JsonObject
        {
            ["comment"] = new JsonObject
            {
                ["id"] = "c-" + eventId,
                ["body"] = byStaff ? "We are looking into it." : "Any news?",
                ["is_public"] = isPublic,
                ["author"] = new JsonObject { ["id"] = byStaff ? "7001" : "9001", ["is_staff"] = byStaff, ["name"] = byStaff ? "Lee" : "Dana" },
            },
        },
    }.ToJsonString();

    public static string JiraComment(string key, DateTimeOffset at, string authorAccountId, bool? jsdPublic, bool restricted = false)
    {
        var comment = new JsonObject { ["id"] = "10100", ["body"] = "Looking into it", ["author"] = new JsonObject { ["accountId"] = authorAccountId } };
        if (jsdPublic is { } flag)
        {
            comment["jsdPublic"] = flag;
        }

        if (restricted)
        {
            comment["visibility"] = new JsonObject { ["type"] = "role", ["value"] = "Developers" };
        }

        return new JsonObject
        {
            ["timestamp"] = at.ToUnixTimeMilliseconds(),
            ["webhookEvent"] = "comment_created",
            ["issue"] = new JsonObject
            {
                ["id"] = "10002",
                ["key"] = key,
                ["fields"] = new JsonObject
                {
                    ["summary"] = "Search returns no providers",
                    ["priority"] = new JsonObject { ["name"] = "High" },
                    ["status"] = new JsonObject { ["name"] = "In Progress" },
                    ["reporter"] = new JsonObject { ["accountId"] = "customer-1" },
                },
            },
            ["comment"] = comment,
        }.ToJsonString();
    }

    public static string ServiceNowComment(string number, string modCount, DateTimeOffset at, string? comments, string? workNotes, string? author) => new JsonObject
    {
        ["event"] = "commented",
        ["sys_id"] = "46d44a5ddb1a2010b6b2d9a3ca961944",
        ["sys_mod_count"] = modCount,
        ["number"] = number,
        ["priority"] = "2",
        ["state"] = "2",
        ["caller_id"] = "caller-sys-id",
        ["comments"] = comments,
        ["work_notes"] = workNotes,
        ["comment_author"] = author,
        ["sys_updated_on"] = Iso(at),
    }.ToJsonString();

    public static string JiraUpdated(string key, DateTimeOffset at, params (string Field, string From, string To)[] changes) => new JsonObject
    {
        ["timestamp"] = at.ToUnixTimeMilliseconds(),
        ["webhookEvent"] = "jira:issue_updated",
        ["issue"] = new JsonObject
        {
            ["id"] = "10002",
            ["key"] = key,
            ["fields"] = new JsonObject
            {
                ["summary"] = "Search returns no providers",
                ["priority"] = new JsonObject { ["name"] = changes.FirstOrDefault(c => c.Field == "priority").To ?? "Medium" },
                ["status"] = new JsonObject { ["name"] = changes.FirstOrDefault(c => c.Field == "status").To ?? "In Progress" },
                ["labels"] = new JsonArray("category:search"),
            },
        },
        ["changelog"] = new JsonObject
        {
            ["items"] = new JsonArray([.. changes.Select(c => (JsonNode)new JsonObject { ["field"] = c.Field, ["fromString"] = c.From, ["toString"] = c.To })]),
        },
    }.ToJsonString();

    public static string ServiceNowUpdated(string number, string modCount, string priority, string state, string previousPriority, string previousState, DateTimeOffset at) => new JsonObject
    {
        ["event"] = "updated",
        ["sys_id"] = "46d44a5ddb1a2010b6b2d9a3ca961944",
        ["sys_mod_count"] = modCount,
        ["number"] = number,
        ["short_description"] = "Portal outage in APAC",
        ["priority"] = priority,
        ["state"] = state,
        ["category"] = "outage",
        ["company"] = "acme-health",
        ["sys_updated_on"] = Iso(at),
        ["previous"] = new JsonObject { ["priority"] = previousPriority, ["state"] = previousState },
    }.ToJsonString();

    public static string JiraCreated(string key, DateTimeOffset at, string priority = "High", string status = "Open") => new JsonObject
    {
        ["timestamp"] = at.ToUnixTimeMilliseconds(),
        ["webhookEvent"] = "jira:issue_created",
        ["issue"] = new JsonObject
        {
            ["id"] = "10003",
            ["key"] = key,
            ["fields"] = new JsonObject
            {
                ["summary"] = "Provider search times out",
                ["priority"] = new JsonObject { ["name"] = priority },
                ["status"] = new JsonObject { ["name"] = status },
                ["labels"] = new JsonArray("category:search"),
            },
        },
    }.ToJsonString();

    public static string ServiceNowCreated(string number, string priority, string state, DateTimeOffset at) => new JsonObject
    {
        ["event"] = "created",
        ["sys_id"] = "9d385017c611228701d22104cc95c371",
        ["sys_mod_count"] = "0",
        ["number"] = number,
        ["short_description"] = "Cannot open the provider directory",
        ["priority"] = priority,
        ["state"] = state,
        ["category"] = "technical",
        ["company"] = "acme-health",
        ["sys_updated_on"] = Iso(at),
        ["previous"] = new JsonObject { ["priority"] = string.Empty, ["state"] = string.Empty },
    }.ToJsonString();

    public static string Generic(string id, string type, string ticketId, DateTimeOffset at, string? priority = "P2", string? status = "open") => new JsonObject
    {
        ["id"] = id,
        ["type"] = type,
        ["occurredAt"] = Iso(at),
        ["source"] = "freshdesk",
        ["ticket"] = new JsonObject { ["id"] = ticketId, ["priority"] = priority, ["status"] = status, ["category"] = "technical", ["account"] = "acme-health" },
    }.ToJsonString();

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
