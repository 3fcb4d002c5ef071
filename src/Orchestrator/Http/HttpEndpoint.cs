using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Http;

/// <summary>
/// Receives an HTTP request on <c>/workflows/{path}</c>: it starts the workflow (<c>canStartWorkflow</c>) or, inside a
/// run, waits for a matching request. Its outputs are the request's body, route values, query string and headers.
/// The request is anonymous, like a webhook; Elsa's <c>authorize</c>/<c>policy</c> inputs are not supported.
/// </summary>
[Activity(HttpEndpointKey.StimulusName, Category = "HTTP", DisplayName = "HTTP endpoint", Description = "Starts the workflow, or waits, until an HTTP request arrives on /workflows/{path}.")]
public sealed class HttpEndpoint : Activity, ITriggerActivity
{
    [Input(Description = "The route template under /workflows/, e.g. orders/{id}.", Required = true)]
    public Input<string> Path { get; set; } = Input<string>.Empty;

    [Input(Description = "The HTTP methods the endpoint accepts.", DefaultValue = "[\"GET\"]", UIHint = "multiselect")]
    public Input<string[]> SupportedMethods { get; set; } = Input<string[]>.Empty;

    [Output(Description = "The request body: JSON when the content type is JSON, otherwise the text.")]
    public Output<object> ParsedContent { get; set; } = Output<object>.Unbound;

    [Output(Description = "The route values.")]
    public Output<JsonObject> RouteData { get; set; } = Output<JsonObject>.Unbound;

    [Output(Description = "The query string values.")]
    public Output<JsonObject> QueryStringData { get; set; } = Output<JsonObject>.Unbound;

    [Output(Description = "The request headers.")]
    public Output<JsonObject> Headers { get; set; } = Output<JsonObject>.Unbound;

    [Output(Description = "The whole request: method, path, routeData, queryStringData, headers and parsedContent.")]
    public Output<JsonObject> Result { get; set; } = Output<JsonObject>.Unbound;

    /// <summary>The key of this endpoint when its inputs are literals (the host indexes such endpoints); otherwise null.</summary>
    internal string? ConstantKey
    {
        get
        {
            if (!IsLiteral(Path) || string.IsNullOrWhiteSpace(Path.Source))
            {
                return null;
            }

            if (!SupportedMethods.HasValue || SupportedMethods.Source is null)
            {
                return HttpEndpointKey.Format([], Path.Source);
            }

            if (!IsLiteral(SupportedMethods) && !string.Equals(SupportedMethods.Language, "Object", StringComparison.OrdinalIgnoreCase) && !string.Equals(SupportedMethods.Language, "Json", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return HttpEndpointKey.Format(ParseMethods(SupportedMethods.Source), Path.Source);
        }
    }

    public TriggerSpec? GetTrigger() => ConstantKey is { } key ? new TriggerSpec(HttpEndpointKey.StimulusName, key, Payload(key)) : null;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggeredStart)
        {
            await CompleteWithAsync(context, context.TriggerInput);
            return;
        }

        var path = await context.EvaluateAsync(Path);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException("input 'path' is empty");
        }

        var key = HttpEndpointKey.Format(await context.EvaluateAsync(SupportedMethods) ?? [], path);
        context.CreateBookmark(HttpEndpointKey.StimulusName, key, Payload(key));
    }

    protected override ValueTask ResumeAsync(ActivityExecutionContext context) => CompleteWithAsync(context, context.ResumeInput);

    private static bool IsLiteral(Input input) => string.Equals(input.Language, "Literal", StringComparison.OrdinalIgnoreCase);

    /// <summary>Methods written as a JSON array (<c>["GET","POST"]</c>) or as text (<c>GET, POST</c>).</summary>
    private static string[] ParseMethods(string source)
    {
        try
        {
            return JsonNode.Parse(source) is JsonArray array ? [.. array.Select(m => m?.ToString() ?? string.Empty)] : [source];
        }
        catch (System.Text.Json.JsonException)
        {
            return source.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
        }
    }

    private static JsonObject Payload(string key)
    {
        var parsed = HttpEndpointKey.Parse(key)!;
        return new JsonObject
        {
            ["path"] = parsed.Path,
            ["methods"] = new JsonArray([.. parsed.Methods.Select(m => (JsonNode)JsonValue.Create(m))]),
        };
    }

    private ValueTask CompleteWithAsync(ActivityExecutionContext context, object? input)
    {
        var request = input as JsonObject ?? [];
        context.SetOutput(ParsedContent, request["parsedContent"]?.DeepClone(), nameof(ParsedContent));
        context.SetOutput(RouteData, request["routeData"]?.DeepClone() as JsonObject ?? [], nameof(RouteData));
        context.SetOutput(QueryStringData, request["queryStringData"]?.DeepClone() as JsonObject ?? [], nameof(QueryStringData));
        context.SetOutput(Headers, request["headers"]?.DeepClone() as JsonObject ?? [], nameof(Headers));
        context.SetOutput(Result, request.DeepClone().AsObject(), nameof(Result));
        context.SetResult(request);
        return context.CompleteAsync();
    }
}
