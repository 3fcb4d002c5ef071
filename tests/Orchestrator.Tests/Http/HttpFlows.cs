using System.Text.Json.Nodes;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Http;

/// <summary>HTTP activities in the shape Elsa exports them.</summary>
internal static class HttpFlows
{
    public static JsonObject Endpoint(string id, string path, string[] methods, bool canStartWorkflow)
    {
        var activity = Flows.Activity(
            id,
            "Elsa.HttpEndpoint",
            ("path", Flows.Literal(path)),
            ("supportedMethods", Expression("Object", new JsonArray([.. methods.Select(m => (JsonNode)JsonValue.Create(m))]).ToJsonString(), "String[]")));
        if (canStartWorkflow)
        {
            activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        }

        return activity;
    }

    public static JsonObject Respond(string id, int statusCode, JsonObject content) =>
        Flows.Activity(id, "Elsa.WriteHttpResponse", ("statusCode", Flows.Literal(statusCode, "Int32")), ("content", content));

    public static JsonObject Send(string id, string url, int[] expectedStatusCodes, TimeSpan? timeout = null)
    {
        var activity = Flows.Activity(
            id,
            "Elsa.FlowSendHttpRequest",
            ("url", Flows.Literal(url)),
            ("method", Flows.Literal("GET")),
            ("expectedStatusCodes", Expression("Object", new JsonArray([.. expectedStatusCodes.Select(c => (JsonNode)JsonValue.Create(c))]).ToJsonString(), "Int32[]")));
        if (timeout is { } t)
        {
            activity["timeout"] = Flows.Literal(t.ToString("c", System.Globalization.CultureInfo.InvariantCulture), "TimeSpan");
        }

        return activity;
    }

    private static JsonObject Expression(string type, string value, string typeName) => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = type, ["value"] = value },
    };
}
