using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Tests.Api;

/// <summary>Short calls for the tests; every call passes the test's cancellation token.</summary>
internal static class ApiClientExtensions
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object? body) =>
        client.PostAsJsonAsync(path, body, Ct);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

    public static Task<HttpResponseMessage> GetPathAsync(this HttpClient client, string path) =>
        client.GetAsync(new Uri(path, UriKind.Relative), Ct);

    public static Task<HttpResponseMessage> DeletePathAsync(this HttpClient client, string path) =>
        client.DeleteAsync(new Uri(path, UriKind.Relative), Ct);

    public static async Task<JsonNode> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;

    /// <summary>GETs <paramref name="path"/>, expecting 200, and returns the JSON.</summary>
    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetPathAsync(path);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    /// <summary>Saves a definition (optionally publishing it), expecting 201, and returns <c>{definitionId, version, status}</c>.</summary>
    public static async Task<JsonNode> SaveAsync(this HttpClient client, JsonObject definition, bool publish = false)
    {
        using var response = await client.PostRawAsync($"/api/workflow-definitions{(publish ? "?publish=true" : string.Empty)}", definition.ToJsonString());
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonNode> PublishAsync(this HttpClient client, string definitionId, int? version = null, string? note = null)
    {
        using var response = await client.PostJsonAsync($"/api/workflow-definitions/{definitionId}/publish", new { version, note });
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadJsonAsync();
    }

    /// <summary>Starts a run, expecting 202, and returns the instance as <c>GET /api/workflow-instances/{id}</c> shows it.</summary>
    public static async Task<JsonNode> StartRunAsync(this HttpClient client, string definitionId, object? input = null, string? correlationId = null)
    {
        using var response = await client.PostJsonAsync($"/api/workflow-definitions/{definitionId}/runs", new { input, correlationId });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var id = (await response.ReadJsonAsync())["instanceId"]!.GetValue<string>();
        return await client.GetJsonAsync($"/api/workflow-instances/{id}");
    }

    public static async Task<JsonNode> SendEventAsync(this HttpClient client, string name, object? payload = null, string? correlationId = null, string? dedupeKey = null)
    {
        using var response = await client.PostJsonAsync($"/api/events/{name}", new { correlationId, payload, dedupeKey });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        return await response.ReadJsonAsync();
    }

    public static async Task<JsonArray> InstancesOfAsync(this HttpClient client, string definitionId) =>
        (await client.GetJsonAsync($"/api/workflow-instances?definitionId={definitionId}&pageSize=200"))["items"]!.AsArray();

    public static async Task ShouldHaveStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            response.StatusCode.ShouldBe(expected, body);
        }
    }

    /// <summary>Expects a problem-details answer with this status and returns it.</summary>
    public static async Task<JsonNode> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        await response.ShouldHaveStatusAsync(expected);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = await response.ReadJsonAsync();
        problem["status"]!.GetValue<int>().ShouldBe((int)expected);
        return problem;
    }
}
