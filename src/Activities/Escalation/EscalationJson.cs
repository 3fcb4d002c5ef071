using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Escalation;

/// <summary>How rotations, policies and people are written in documents and the API: web defaults, camelCase.</summary>
public static class EscalationJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static JsonObject ToObject<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!.AsObject();

    /// <summary>Reads a document body; a malformed one names the field (<c>layers[0].members</c>) it broke at.</summary>
    public static bool TryRead<T>(JsonNode? body, out T? value, out FieldError? error)
        where T : class
    {
        value = null;
        error = null;
        if (body is not JsonObject)
        {
            error = new FieldError("body", "expected a JSON object");
            return false;
        }

        try
        {
            value = body.Deserialize<T>(Options);
            if (value is null)
            {
                error = new FieldError("body", "expected a JSON object");
            }

            return value is not null;
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 1 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : "body";
            var message = ex.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            error = new FieldError(path, cut > 0 ? message[..cut] : message);
            return false;
        }
    }
}
