using System.Text.Json.Nodes;

namespace Orchestrator.Engine.Tests.Support;

/// <summary>Builds Elsa 3 definition JSON for tests, in the shape Elsa exports it.</summary>
internal static class Wf
{
    public static string Definition(JsonObject root, IEnumerable<JsonObject>? variables = null, string name = "Test", JsonObject? options = null, IEnumerable<JsonObject>? inputs = null, IEnumerable<JsonObject>? outputs = null, IEnumerable<string>? outcomes = null, string? definitionId = null, bool usableAsActivity = false)
    {
        var definition = new JsonObject
        {
            ["id"] = $"{definitionId ?? name}-v1",
            ["definitionId"] = definitionId ?? name,
            ["name"] = name,
            ["version"] = 1,
            ["variables"] = new JsonArray([.. variables ?? []]),
            ["inputs"] = new JsonArray([.. inputs ?? []]),
            ["outputs"] = new JsonArray([.. outputs ?? []]),
            ["outcomes"] = new JsonArray([.. (outcomes ?? []).Select(o => (JsonNode)o)]),
            ["isPublished"] = true,
            ["root"] = root,
        };
        if (options is not null)
        {
            definition["options"] = options;
        }

        if (usableAsActivity)
        {
            definition["options"] ??= new JsonObject();
            definition["options"]!["usableAsActivity"] = true;
        }

        return definition.ToJsonString();
    }

    public static JsonObject Flowchart(IEnumerable<JsonObject> activities, IEnumerable<(string From, string Port, string To)>? connections = null, string id = "Flowchart1", string? mergeModeFor = null)
    {
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["activities"] = new JsonArray([.. activities]),
            ["connections"] = new JsonArray([.. (connections ?? []).Select(c => (JsonNode)Connection(c.From, c.Port, c.To))]),
        };
    }

    public static JsonObject Connection(string from, string port, string to) => new()
    {
        ["source"] = new JsonObject { ["activity"] = from, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
    };

    /// <summary>An activity with inputs given as (key, input wrapper) pairs; see <see cref="Literal"/>, <see cref="Js"/>, <see cref="Liquid"/>.</summary>
    public static JsonObject Activity(string id, string type, params (string Key, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1 };
        foreach (var (key, value) in properties)
        {
            activity[key] = value;
        }

        return activity;
    }

    public static JsonObject WriteLine(string id, string text) => Activity(id, "Elsa.WriteLine", ("text", Literal(text)));

    public static JsonObject WriteLineJs(string id, string script) => Activity(id, "Elsa.WriteLine", ("text", Js(script)));

    public static JsonObject Literal(object? value, string typeName = "String") => Expression("Literal", value is null ? null : JsonValue.Create(value), typeName);

    public static JsonObject Js(string script, string typeName = "Object") => Expression("JavaScript", script, typeName);

    public static JsonObject Liquid(string template, string typeName = "String") => Expression("Liquid", template, typeName);

    public static JsonObject Object(string json, string typeName = "Object") => Expression("Object", json, typeName);

    public static JsonObject VariableExpression(string name, string typeName = "Object") => Expression("Variable", name, typeName);

    public static JsonObject Expression(string type, JsonNode? value, string typeName = "Object") => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = type, ["value"] = value },
    };

    public static JsonObject Variable(string name, string typeName = "Object", string? value = null, string? id = null) => new()
    {
        ["id"] = id ?? name,
        ["name"] = name,
        ["typeName"] = typeName,
        ["isArray"] = false,
        ["value"] = value,
    };

    /// <summary>An output binding to a variable id.</summary>
    public static JsonObject BindTo(string variableId) => new()
    {
        ["typeName"] = "Object",
        ["memoryReference"] = new JsonObject { ["id"] = variableId },
    };

    public static JsonObject WithCustom(this JsonObject activity, string key, JsonNode? value)
    {
        activity["customProperties"] ??= new JsonObject();
        activity["customProperties"]![key] = value;
        return activity;
    }
}
