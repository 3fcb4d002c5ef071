using System.Text.Json.Nodes;

namespace Orchestrator.Engine.Definitions;

/// <summary>A workflow or flowchart variable: <c>{id, name, typeName, isArray, value}</c>.</summary>
public sealed record VariableDefinition(string Id, string Name, string TypeName, bool IsArray, string? Value)
{
    internal static IReadOnlyList<VariableDefinition> ReadList(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            return [];
        }

        var result = new List<VariableDefinition>(array.Count);
        foreach (var item in array.OfType<JsonObject>())
        {
            var variable = Read(item);
            if (variable is not null)
            {
                result.Add(variable);
            }
        }

        return result;
    }

    internal static VariableDefinition? Read(JsonObject item)
    {
        var name = JsonRead.GetString(item, "name");
        var id = JsonRead.GetString(item, "id") ?? name;
        if (id is null)
        {
            return null;
        }

        var value = item["value"] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            null => null,
            var other => other.ToJsonString(),
        };
        return new VariableDefinition(id, name ?? id, JsonRead.GetString(item, "typeName") ?? "Object", JsonRead.GetBool(item, "isArray") ?? false, value);
    }
}

/// <summary>A declared workflow input: <c>{type, name, displayName, description, category, isArray, uiHint}</c>.</summary>
public sealed record InputDefinition(string Name, string Type, string? DisplayName, string? Description, bool IsArray)
{
    internal static IReadOnlyList<InputDefinition> ReadList(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.OfType<JsonObject>()
                .Where(x => JsonRead.GetString(x, "name") is not null)
                .Select(x => new InputDefinition(JsonRead.GetString(x, "name")!, JsonRead.GetString(x, "type") ?? "Object", JsonRead.GetString(x, "displayName"), JsonRead.GetString(x, "description"), JsonRead.GetBool(x, "isArray") ?? false))]
            : [];
}

/// <summary>A declared workflow output.</summary>
public sealed record OutputDefinition(string Name, string Type, string? DisplayName, string? Description)
{
    internal static IReadOnlyList<OutputDefinition> ReadList(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.OfType<JsonObject>()
                .Where(x => JsonRead.GetString(x, "name") is not null)
                .Select(x => new OutputDefinition(JsonRead.GetString(x, "name")!, JsonRead.GetString(x, "type") ?? "Object", JsonRead.GetString(x, "displayName"), JsonRead.GetString(x, "description")))]
            : [];
}
