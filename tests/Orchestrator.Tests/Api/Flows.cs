using System.Text.Json.Nodes;

namespace Orchestrator.Tests.Api;

/// <summary>Elsa 3 definitions for API tests, in the shape Elsa exports them.</summary>
internal static class Flows
{
    public static JsonObject Definition(string definitionId, string name, IEnumerable<JsonObject> activities, IEnumerable<(string From, string Port, string To)>? connections = null, IEnumerable<JsonObject>? variables = null) => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["variables"] = new JsonArray([.. variables ?? []]),
        ["root"] = new JsonObject
        {
            ["id"] = "flow",
            ["type"] = "Elsa.Flowchart",
            ["activities"] = new JsonArray([.. activities]),
            ["connections"] = new JsonArray([.. (connections ?? []).Select(c => (JsonNode)new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = c.From, ["port"] = c.Port },
                ["target"] = new JsonObject { ["activity"] = c.To, ["port"] = "In" },
            })]),
        },
    };

    /// <summary>Activities run one after the other in the order given.</summary>
    public static JsonObject Chain(string definitionId, string name, IReadOnlyList<JsonObject> activities, IEnumerable<JsonObject>? variables = null) =>
        Definition(definitionId, name, activities, activities.Zip(activities.Skip(1), (a, b) => (a["id"]!.GetValue<string>(), "Done", b["id"]!.GetValue<string>())), variables);

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

    public static JsonObject SetVariable(string id, string variable, JsonObject value) =>
        Activity(id, "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = variable, ["name"] = variable }), ("value", value));

    public static JsonObject Event(string id, string eventName) => Activity(id, "Elsa.Event", ("eventName", Literal(eventName)));

    /// <summary>An event that starts the workflow when it is published (<c>canStartWorkflow</c>); its payload goes to <paramref name="resultVariable"/>.</summary>
    public static JsonObject TriggerEvent(string id, string eventName, string? resultVariable = null)
    {
        var activity = Event(id, eventName);
        activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        if (resultVariable is not null)
        {
            activity["result"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = resultVariable } };
        }

        return activity;
    }

    public static JsonObject Variable(string name, string typeName = "String", string? value = null) => new()
    {
        ["id"] = name,
        ["name"] = name,
        ["typeName"] = typeName,
        ["isArray"] = false,
        ["value"] = value,
    };

    public static JsonObject Literal(object? value, string typeName = "String") => Expression("Literal", value is null ? null : JsonValue.Create(value), typeName);

    public static JsonObject Js(string script, string typeName = "Object") => Expression("JavaScript", script, typeName);

    private static JsonObject Expression(string type, JsonNode? value, string typeName) => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = type, ["value"] = value },
    };
}
