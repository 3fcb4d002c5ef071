using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Http;

/// <summary>
/// What <c>Elsa.SendHttpRequest</c> and <c>Elsa.FlowSendHttpRequest</c> share: send a request and leave by a port named
/// after the status code (when it is expected), <c>Done</c> (2xx with no expected codes), <c>Unmatched status code</c>,
/// <c>Failed to connect</c> or <c>Timeout</c>.
/// </summary>
public abstract class SendHttpRequestBase : Activity
{
    public const string HttpClientName = "Orchestrator.Http.SendHttpRequest";
    public const string UnmatchedStatusCode = "Unmatched status code";
    public const string FailedToConnect = "Failed to connect";
    public const string TimedOut = "Timeout";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    [Input(Description = "The absolute URL to send the request to.", Required = true)]
    public Input<string> Url { get; set; } = Input<string>.Empty;

    [Input(Description = "The HTTP method.", DefaultValue = "GET", UIHint = "dropdown", Options = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])]
    public Input<string> Method { get; set; } = Input<string>.Empty;

    [Input(Description = "The body: a string as is, anything else as JSON.", UIHint = "multiline")]
    public Input<object> Content { get; set; } = Input<object>.Empty;

    [Input(Description = "The body's content type; text/plain for strings and application/json otherwise when empty.")]
    public Input<string> ContentType { get; set; } = Input<string>.Empty;

    [Input(Description = "Request headers, name to value.", UIHint = "json")]
    public Input<JsonObject> RequestHeaders { get; set; } = Input<JsonObject>.Empty;

    [Input(Description = "The status codes that have their own port; others leave by 'Unmatched status code'.", UIHint = "json")]
    public Input<int[]> ExpectedStatusCodes { get; set; } = Input<int[]>.Empty;

    [Input(Description = "How long to wait for the response before leaving by 'Timeout'.", DefaultValue = "00:00:30")]
    public Input<TimeSpan> Timeout { get; set; } = Input<TimeSpan>.Empty;

    [Output(Description = "The response body: JSON when the content type is JSON, otherwise the text.")]
    public Output<object> ParsedContent { get; set; } = Output<object>.Unbound;

    [Output(Description = "The response's status code.")]
    public Output<int> StatusCode { get; set; } = Output<int>.Unbound;

    [Output(Description = "The response headers.")]
    public Output<JsonObject> ResponseHeaders { get; set; } = Output<JsonObject>.Unbound;

    /// <summary>The expected codes and the three fixed ports, when the codes are written as a literal.</summary>
    public override IReadOnlyCollection<string>? DynamicOutcomes
    {
        get
        {
            int[] codes;
            if (!ExpectedStatusCodes.HasValue || ExpectedStatusCodes.Source is null)
            {
                codes = [];
            }
            else if (ExpectedStatusCodes.Language is { } language
                && (language.Equals("Literal", StringComparison.OrdinalIgnoreCase) || language.Equals("Object", StringComparison.OrdinalIgnoreCase) || language.Equals("Json", StringComparison.OrdinalIgnoreCase)))
            {
                try
                {
                    codes = ValueConverter.Convert<int[]>(ExpectedStatusCodes.Source) ?? [];
                }
                catch (FormatException)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }

            return [.. codes.Select(c => c.ToString(CultureInfo.InvariantCulture)), .. codes.Length == 0 ? new[] { "Done" } : [], UnmatchedStatusCode, FailedToConnect, TimedOut];
        }
    }

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var url = await context.EvaluateAsync(Url);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException($"input 'url' is not an absolute URL: '{url}'");
        }

        var method = await context.EvaluateAsync(Method);
        var timeout = Timeout.HasValue ? await context.EvaluateAsync(Timeout) : DefaultTimeout;
        if (timeout <= TimeSpan.Zero)
        {
            timeout = DefaultTimeout;
        }

        var expected = await context.EvaluateAsync(ExpectedStatusCodes) ?? [];
        using var request = new HttpRequestMessage(new HttpMethod(string.IsNullOrWhiteSpace(method) ? "GET" : method.Trim().ToUpperInvariant()), uri);
        request.Content = await CreateContentAsync(context);
        foreach (var (name, value) in await context.EvaluateAsync(RequestHeaders) ?? [])
        {
            var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
            if (!request.Headers.TryAddWithoutValidation(name, text))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, text);
            }
        }

        var client = context.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        // The deadline runs on the engine's clock (TimeProvider), like every other wait.
        using var timer = new CancellationTokenSource(timeout, context.TimeProvider);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, timer.Token);
        HttpResponseMessage response;
        object? body;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            body = await ReadBodyAsync(response, deadline.Token);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            context.JournalNote($"{request.Method} {uri}: no response within {timeout}");
            await context.CompleteAsync(TimedOut);
            return;
        }
        catch (HttpRequestException ex)
        {
            context.JournalNote($"{request.Method} {uri}: {ex.Message}");
            await context.CompleteAsync(FailedToConnect);
            return;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            context.SetOutput(ParsedContent, body, nameof(ParsedContent));
            context.SetOutput(StatusCode, status, nameof(StatusCode));
            context.SetOutput(ResponseHeaders, Headers(response), nameof(ResponseHeaders));
            context.SetResult(body);
            var outcome = expected.Length > 0
                ? expected.Contains(status) ? status.ToString(CultureInfo.InvariantCulture) : UnmatchedStatusCode
                : status is >= 200 and < 300 ? "Done" : UnmatchedStatusCode;
            await context.CompleteAsync(outcome);
        }
    }

    private async ValueTask<HttpContent?> CreateContentAsync(ActivityExecutionContext context)
    {
        var content = await context.EvaluateAsync(Content);
        var contentType = await context.EvaluateAsync(ContentType);
        string text;
        string mediaType;
        switch (content)
        {
            case null:
                return null;
            case string s:
                text = s;
                mediaType = "text/plain";
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                text = value.GetValue<string>();
                mediaType = "text/plain";
                break;
            default:
                text = ValueModel.ToJsonString(content);
                mediaType = "application/json";
                break;
        }

        var result = new StringContent(text, Encoding.UTF8);
        result.Headers.ContentType = MediaTypeHeaderValue.TryParse(string.IsNullOrWhiteSpace(contentType) ? mediaType : contentType, out var parsed)
            ? parsed
            : new MediaTypeHeaderValue(mediaType);
        if (string.IsNullOrWhiteSpace(contentType))
        {
            result.Headers.ContentType.CharSet = "utf-8";
        }

        return result;
    }

    private static async Task<object?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (text.Length == 0)
        {
            return null;
        }

        if (HttpRequestData.IsJson(response.Content.Headers.ContentType?.MediaType))
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return text;
            }
        }

        return text;
    }

    private static JsonObject Headers(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name] = string.Join(", ", values);
        }

        return headers;
    }
}
