using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Http;

/// <summary>
/// Answers the HTTP request that started or resumed the workflow. A string is written as text/plain unless
/// <c>contentType</c> says otherwise; anything else as JSON. With no request waiting (a resume by a timer or an event)
/// it notes that in the journal and completes.
/// </summary>
[Activity("Elsa.WriteHttpResponse", Category = "HTTP", DisplayName = "HTTP response", Description = "Writes the response to the HTTP request that started or resumed the workflow.")]
public sealed class WriteHttpResponse : Activity
{
    [Input(Description = "The HTTP status code.", DefaultValue = "200")]
    public Input<int> StatusCode { get; set; } = Input<int>.Empty;

    [Input(Description = "The body: a string as is, anything else as JSON.", UIHint = "multiline")]
    public Input<object> Content { get; set; } = Input<object>.Empty;

    [Input(Description = "The content type; text/plain for strings and application/json otherwise when empty.")]
    public Input<string> ContentType { get; set; } = Input<string>.Empty;

    [Input(Description = "Extra response headers, name to value.", UIHint = "json")]
    public Input<JsonObject> ResponseHeaders { get; set; } = Input<JsonObject>.Empty;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var slot = context.GetService<HttpResponseChannel>()?.Current;
        if (slot is null)
        {
            context.JournalNote("no HTTP request is waiting for a response; nothing written");
            await context.CompleteAsync();
            return;
        }

        var status = StatusCode.HasValue ? await context.EvaluateAsync(StatusCode) : 200;
        var content = await context.EvaluateAsync(Content);
        var contentType = await context.EvaluateAsync(ContentType);
        var headers = await context.EvaluateAsync(ResponseHeaders) ?? [];

        byte[] body;
        switch (content)
        {
            case null:
                body = [];
                break;
            case string text:
                body = Encoding.UTF8.GetBytes(text);
                contentType = string.IsNullOrWhiteSpace(contentType) ? "text/plain; charset=utf-8" : contentType;
                break;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                body = Encoding.UTF8.GetBytes(value.GetValue<string>());
                contentType = string.IsNullOrWhiteSpace(contentType) ? "text/plain; charset=utf-8" : contentType;
                break;
            default:
                body = Encoding.UTF8.GetBytes(ValueModel.ToJsonNode(content)?.ToJsonString() ?? "null");
                contentType = string.IsNullOrWhiteSpace(contentType) ? "application/json; charset=utf-8" : contentType;
                break;
        }

        if (!slot.TryWrite(new WrittenHttpResponse(status is >= 100 and <= 599 ? status : 200, body, contentType, headers.DeepClone().AsObject())))
        {
            context.JournalNote("the HTTP response was already written by another activity; this one is ignored");
        }

        await context.CompleteAsync();
    }
}
