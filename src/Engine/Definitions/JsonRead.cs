using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Engine.Definitions;

/// <summary>Tolerant reads of Elsa JSON, which puts the same fact in different shapes across versions.</summary>
public static class JsonRead
{
    public static string? GetString(JsonObject? obj, string key)
    {
        if (obj is null || !TryGet(obj, key, out var node) || node is not JsonValue v)
        {
            return null;
        }

        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
            _ => null,
        };
    }

    public static bool? GetBool(JsonObject? obj, string key)
    {
        if (obj is null || !TryGet(obj, key, out var node) || node is not JsonValue v)
        {
            return null;
        }

        return v.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => bool.TryParse(v.GetValue<string>(), out var b) ? b : null,
            _ => null,
        };
    }

    public static int? GetInt(JsonObject? obj, string key) =>
        obj is not null && TryGet(obj, key, out var node) && node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    /// <summary>Finds a key exactly, then ignoring case (older exports wrote <c>CanStartWorkflow</c>).</summary>
    public static bool TryGet(JsonObject obj, string key, out JsonNode? node)
    {
        if (obj.TryGetPropertyValue(key, out node))
        {
            return true;
        }

        foreach (var (k, v) in obj)
        {
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
            {
                node = v;
                return true;
            }
        }

        node = null;
        return false;
    }

    /// <summary>Reads an activity flag from <c>customProperties</c>, <c>applicationProperties</c> or the activity itself.</summary>
    public static bool ActivityFlag(JsonObject activity, string key) =>
        GetBool(activity["customProperties"] as JsonObject, key)
        ?? GetBool(activity["applicationProperties"] as JsonObject, key)
        ?? GetBool(activity, key)
        ?? false;
}
