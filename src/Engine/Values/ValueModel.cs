using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Engine.Values;

/// <summary>
/// The engine's value model. A value is null, <see cref="string"/>, <see cref="bool"/>, a number
/// (<see cref="int"/>, <see cref="long"/>, <see cref="double"/>, <see cref="decimal"/>, ...),
/// <see cref="DateTimeOffset"/>, <see cref="DateTime"/>, <see cref="TimeSpan"/>, <see cref="Guid"/>,
/// or a <see cref="JsonNode"/> for structured data. Arrays may also be CLR arrays of those.
/// Everything crosses into scripts and into storage as JSON.
/// </summary>
public static class ValueModel
{
    /// <summary>Converts a value of the model to a detached JSON node (a copy for JSON nodes).</summary>
    public static JsonNode? ToJsonNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        short s => JsonValue.Create(s),
        byte b => JsonValue.Create(b),
        float f => JsonValue.Create(f),
        double d => JsonValue.Create(d),
        decimal m => JsonValue.Create(m),
        DateTimeOffset dto => JsonValue.Create(dto.ToString("O", CultureInfo.InvariantCulture)),
        DateTime dt => JsonValue.Create(dt.ToString("O", CultureInfo.InvariantCulture)),
        TimeSpan ts => JsonValue.Create(ts.ToString("c", CultureInfo.InvariantCulture)),
        Guid g => JsonValue.Create(g.ToString()),
        Enum e => JsonValue.Create(e.ToString()),
        IDictionary<string, object?> dict => ToJsonObject(dict),
        System.Collections.IEnumerable list => ToJsonArray(list),
        _ => JsonSerializer.SerializeToNode(value, value.GetType()),
    };

    /// <summary>Turns a JSON node into the plainest value of the model: primitives become CLR primitives, objects and arrays stay nodes.</summary>
    public static object? FromJsonNode(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value)
        {
            return value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => ReadNumber(value),
                JsonValueKind.Null => null,
                _ => value,
            };
        }

        return node;
    }

    /// <summary>Writes any value of the model as JSON text.</summary>
    public static string ToJsonString(object? value) => ToJsonNode(value)?.ToJsonString() ?? "null";

    /// <summary>The text form used when a value is written out (WriteLine, string inputs).</summary>
    public static string? ToText(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonNode node => node.ToJsonString(),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => ToJsonArray(list).ToJsonString(),
        _ => value.ToString(),
    };

    private static object ReadNumber(JsonValue value)
    {
        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        return value.GetValue<double>();
    }

    private static JsonObject ToJsonObject(IDictionary<string, object?> dict)
    {
        var result = new JsonObject();
        foreach (var (key, item) in dict)
        {
            result[key] = ToJsonNode(item);
        }

        return result;
    }

    private static JsonArray ToJsonArray(System.Collections.IEnumerable list)
    {
        var result = new JsonArray();
        foreach (var item in list)
        {
            result.Add(ToJsonNode(item));
        }

        return result;
    }
}
