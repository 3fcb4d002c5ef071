using System.Net;

namespace Orchestrator.Tests.Api;

/// <summary>The OpenAPI document and its browsable reference.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task OpenApiDocument_Get_ListsEveryApiEndpointAndTheApiKeyScheme()
    {
        await using var api = new ApiFactory();
        using var client = api.Client(apiKey: null);

        var document = await client.GetJsonAsync("/openapi/v1.json");

        var paths = document["paths"]!.AsObject();
        (string Path, string Method)[] expected =
        [
            ("/api/workflow-definitions", "get"),
            ("/api/workflow-definitions", "post"),
            ("/api/workflow-definitions/validate", "post"),
            ("/api/workflow-definitions/{definitionId}", "get"),
            ("/api/workflow-definitions/{definitionId}", "delete"),
            ("/api/workflow-definitions/{definitionId}/versions", "get"),
            ("/api/workflow-definitions/{definitionId}/versions/{version}", "get"),
            ("/api/workflow-definitions/{definitionId}/publish", "post"),
            ("/api/workflow-definitions/{definitionId}/retract", "post"),
            ("/api/workflow-definitions/{definitionId}/revert", "post"),
            ("/api/workflow-definitions/{definitionId}/export", "get"),
            ("/api/workflow-definitions/{definitionId}/runs", "post"),
            ("/api/workflow-instances", "get"),
            ("/api/workflow-instances/{id}", "get"),
            ("/api/workflow-instances/{id}/journal", "get"),
            ("/api/workflow-instances/{id}/cancel", "post"),
            ("/api/workflow-instances/{id}/retry", "post"),
            ("/api/events/{name}", "post"),
            ("/api/tasks/{taskId}/complete", "post"),
            ("/api/api-keys", "get"),
            ("/api/api-keys", "post"),
            ("/api/api-keys/{id}", "delete"),
            ("/api/activity-descriptors", "get"),
        ];
        foreach (var (path, method) in expected)
        {
            paths[path]?[method].ShouldNotBeNull($"{method.ToUpperInvariant()} {path} is missing from the OpenAPI document");
        }

        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        scheme["type"]!.GetValue<string>().ShouldBe("apiKey");
        scheme["name"]!.GetValue<string>().ShouldBe("X-Api-Key");
        scheme["in"]!.GetValue<string>().ShouldBe("header");
    }

    [Fact]
    public async Task Scalar_Get_ServesTheBrowsableReference()
    {
        await using var api = new ApiFactory();
        using var client = api.Client(apiKey: null);

        using var response = await client.GetPathAsync("/scalar");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("\"url\":\"openapi/v1.json\"");
        using var script = await client.GetPathAsync("/scalar/scalar.js");
        await script.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnyRequest_UnknownRoute_Returns404Problem()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.GetPathAsync("/api/nothing-here");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
