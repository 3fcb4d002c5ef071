using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Tests.Webhooks;

/// <summary>Signs deliveries the way each ticketing system does, from the documented formulas (not from the code under test).</summary>
internal static class WebhookSigner
{
    public const string ZendeskSecret = "zendesk-signing-secret";
    public const string JiraSecret = "jira-signing-secret";
    public const string ServiceNowSecret = "servicenow-signing-secret";
    public const string GenericSecret = "generic-signing-secret";

    public static Dictionary<string, string?> Settings => new()
    {
        ["Orchestrator:Webhooks:Zendesk:Secret"] = ZendeskSecret,
        ["Orchestrator:Webhooks:Jira:Secret"] = JiraSecret,
        ["Orchestrator:Webhooks:ServiceNow:Secret"] = ServiceNowSecret,
        ["Orchestrator:Webhooks:Generic:Secret"] = GenericSecret,
    };

    public static HttpRequestMessage Zendesk(string body, DateTimeOffset sentAt, string secret = ZendeskSecret)
    {
        var timestamp = sentAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var request = Request("/webhooks/zendesk", body);
        request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
        request.Headers.Add("X-Zendesk-Webhook-Signature", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + body))));
        return request;
    }

    public static HttpRequestMessage Jira(string body, string deliveryId, string secret = JiraSecret)
    {
        var request = Request("/webhooks/jira", body);
        request.Headers.Add("X-Atlassian-Webhook-Identifier", deliveryId);
        request.Headers.Add("X-Hub-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        return request;
    }

    public static HttpRequestMessage ServiceNow(string body, DateTimeOffset sentAt, string secret = ServiceNowSecret) =>
        Dotted("/webhooks/servicenow", "X-ServiceNow", body, sentAt, secret);

    public static HttpRequestMessage Generic(string body, DateTimeOffset sentAt, string secret = GenericSecret) =>
        Dotted("/webhooks/generic", "X-Orchestrator", body, sentAt, secret);

    private static HttpRequestMessage Dotted(string path, string prefix, string body, DateTimeOffset sentAt, string secret)
    {
        var timestamp = sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = Request(path, body);
        request.Headers.Add($"{prefix}-Timestamp", timestamp);
        request.Headers.Add($"{prefix}-Signature", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body))));
        return request;
    }

    private static HttpRequestMessage Request(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
