using System.Collections;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Notifications;

/// <summary>An email as queued in the outbox.</summary>
public sealed record EmailPayload(string MessageId, string? From, IReadOnlyList<string> To, IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc, string Subject, string Body, bool Html);

/// <summary>A text message as queued in the outbox; <see cref="OriginalLength"/> is set when the text was cut to fit Twilio's limit.</summary>
public sealed record SmsPayload(string MessageId, string To, string Body, int? OriginalLength = null);

/// <summary>
/// The outbox payload of each channel (camelCase JSON), and the message ids: stable for one activity execution, person
/// and channel, so a re-run of the same burst queues the same message and the outbox keeps one.
/// </summary>
public static class OutboxPayloads
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static JsonObject ToJson(EmailPayload email) => (JsonObject)JsonSerializer.SerializeToNode(email, Json)!;

    public static JsonObject ToJson(SmsPayload sms) => (JsonObject)JsonSerializer.SerializeToNode(sms, Json)!;

    public static EmailPayload ReadEmail(string json) =>
        JsonSerializer.Deserialize<EmailPayload>(json, Json) ?? throw new JsonException("the email payload is null");

    public static SmsPayload ReadSms(string json) =>
        JsonSerializer.Deserialize<SmsPayload>(json, Json) ?? throw new JsonException("the SMS payload is null");

    /// <summary>The message id a payload carries.</summary>
    public static string? ReadMessageId(string json) =>
        JsonNode.Parse(json) is JsonObject o && o["messageId"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;

    /// <summary>The id of one message of one activity execution: the outbox idempotency key and the delivery bookmark key.</summary>
    public static string MessageId(ActivityExecutionContext context, string? key, string recipient, string channel)
    {
        var text = string.Join('\n', context.WorkflowInstanceId, context.Activity.NodeId, context.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), key ?? string.Empty, recipient, channel);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    /// <summary>
    /// Reads an address list input: a JSON array, an enumerable, or text separated by commas or semicolons.
    /// </summary>
    public static IReadOnlyList<string> Addresses(object? value)
    {
        IEnumerable<string?> items = value switch
        {
            null => [],
            string s when s.TrimStart().StartsWith('[') => JsonNode.Parse(s) is JsonArray a ? a.Select(n => n?.ToString()) : [],
            string s => s.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries),
            JsonArray a => a.Select(n => n?.ToString()),
            JsonValue v => [v.ToString()],
            IEnumerable e => e.Cast<object?>().Select(o => o?.ToString()),
            _ => [value.ToString()],
        };
        return [.. items.Select(i => i?.Trim()).Where(i => !string.IsNullOrEmpty(i)).Select(i => i!)];
    }
}
