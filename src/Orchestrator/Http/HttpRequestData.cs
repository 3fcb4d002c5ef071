using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Http;

/// <summary>What an <c>Elsa.HttpEndpoint</c> receives: method, path, route values, query, headers and the parsed body.</summary>
internal static class HttpRequestData
{
    /// <summary>The largest body read into a workflow (1 MiB); larger requests are refused with 413.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase));

    public static JsonObject Build(HttpRequest request, string path, RouteValueDictionary routeValues, string body)
    {
        var route = new JsonObject();
        foreach (var (name, value) in routeValues)
        {
            route[name] = value?.ToString();
        }

        var query = new JsonObject();
        foreach (var (name, values) in request.Query)
        {
            query[name] = values.Count == 1 ? values[0] : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        var headers = new JsonObject();
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values.ToString();
        }

        return new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = path,
            ["routeData"] = route,
            ["queryStringData"] = query,
            ["headers"] = headers,
            ["parsedContent"] = Parse(request.ContentType, body),
        };
    }

    public static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static JsonNode? Parse(string? contentType, string body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        var mediaType = contentType is null ? null : contentType.Split(';', 2)[0].Trim();
        if (IsJson(mediaType))
        {
            try
            {
                return JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return JsonValue.Create(body);
            }
        }

        return JsonValue.Create(body);
    }
}
