using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.Api;
using Orchestrator.Stimuli;

namespace Orchestrator.Webhooks;

/// <summary>One event taken from a delivery: <c>accepted</c> (stored, delivery follows) or <c>duplicate</c> (seen before).</summary>
internal sealed record WebhookEventReceipt(string StimulusId, string Type, string TicketId, string Status);

/// <summary>The answer to a delivery: its events, or none when it carried nothing the orchestrator tracks (<c>ignored</c>).</summary>
internal sealed record WebhookAccepted(string Status, IReadOnlyList<WebhookEventReceipt> Events);

/// <summary>
/// <c>POST /webhooks/{zendesk|jira|servicenow|generic}</c>: checks the signature and the replay window, maps the payload to
/// normalised ticket events, stores them (a repeated delivery stops there) and answers 202; delivery to workflows follows.
/// A bad signature is 401 and an unreadable payload 400; neither stores anything.
/// </summary>
internal static class ReceiveTicketWebhook
{
    public static IEndpointRouteBuilder MapTicketWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/webhooks").WithTags("Webhooks").AllowAnonymous();
        foreach (var source in app.ServiceProvider.GetServices<TicketWebhookSource>())
        {
            group.MapPost($"/{source.SourceName}", (HttpContext http, StimulusProcessor processor, TicketEventDelivery delivery, IOptions<WebhookOptions> options, TimeProvider time) =>
                    HandleAsync(http, source, processor, delivery, options.Value, time))
                .WithSummary($"Receives {source.SourceName} ticket events (signed; see docs/webhooks.md)");
        }

        return app;
    }

    public static async Task<Results<Accepted<WebhookAccepted>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        HttpContext http, TicketWebhookSource source, StimulusProcessor processor, TicketEventDelivery delivery, WebhookOptions options, TimeProvider time)
    {
        var secret = options.For(source.SourceName).Secret;
        if (string.IsNullOrEmpty(secret))
        {
            return Unauthorized($"{source.SourceName} webhooks are not enabled: set {WebhookOptions.Section}:{ConfigName(source.SourceName)}:Secret");
        }

        var body = await ReadBodyAsync(http.Request, options.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem($"the body is larger than {options.MaxBodyBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
        }

        var now = time.GetUtcNow();
        if (source.Verify(http.Request.Headers, body, secret, now, options.ReplayWindow) is { } refusal)
        {
            return Unauthorized(refusal);
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("the body is not a JSON object");
        }
        catch (JsonException ex)
        {
            return ApiProblems.Invalid("body", $"the body is not a JSON object: {ex.Message}");
        }

        var parsed = source.Parse(root, http.Request.Headers);
        if (parsed.IsRefused)
        {
            return ApiProblems.Invalid(parsed.Field!, parsed.Error!);
        }

        if (parsed.SentAt is { } sentAt && (now - sentAt).Duration() > options.ReplayWindow)
        {
            return Unauthorized($"body field '{parsed.SentAtField ?? "timestamp"}' {sentAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture)} is outside the {options.ReplayWindow.TotalMinutes:0}-minute replay window");
        }

        var receipts = new List<WebhookEventReceipt>(parsed.Events.Count);
        foreach (var ticketEvent in parsed.Events)
        {
            var (stored, isNew) = await processor.StoreAsync(
                StimulusKind.TicketEvent, ticketEvent.Type, correlationId: null, ticketEvent.ToJson(), $"{ticketEvent.Source}:{ticketEvent.DeliveryId}", ticketEvent.TicketId);
            if (isNew)
            {
                delivery.Enqueue(stored);
            }

            receipts.Add(new WebhookEventReceipt(stored.Id, ticketEvent.Type, ticketEvent.TicketId, isNew ? "accepted" : "duplicate"));
        }

        return TypedResults.Accepted((string?)null, new WebhookAccepted(receipts.Count == 0 ? "ignored" : "accepted", receipts));
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Webhook refused");

    private static string ConfigName(string source) => source switch
    {
        ZendeskWebhook.Name => "Zendesk",
        JiraWebhook.Name => "Jira",
        ServiceNowWebhook.Name => "ServiceNow",
        _ => "Generic",
    };

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
