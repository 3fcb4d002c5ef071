using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Orchestrator.Activities.Notifications;
using Orchestrator.Persistence;

namespace Orchestrator.Notifications;

/// <summary>
/// <c>POST /webhooks/twilio/status</c>: Twilio's delivery reports for text messages. Anonymous, because the
/// <c>X-Twilio-Signature</c> is the authentication: a missing or wrong one is answered 401 and nothing is stored. The
/// report is recorded on the outbox message (found by Twilio's SID, or by the <c>ref</c> the callback URL carries);
/// <c>delivered</c> resumes a waiting activity on Done, <c>undelivered</c> and <c>failed</c> on NotDelivered.
/// </summary>
internal static class TwilioStatusWebhook
{
    public const string Path = "/webhooks/twilio/status";

    private static readonly HashSet<string> NotDelivered = new(StringComparer.OrdinalIgnoreCase) { "undelivered", "failed" };

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

    public static async Task<IResult> HandleAsync(HttpRequest request, Database database, OutboxDispatcher dispatcher, IOptions<TwilioOptions> options, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured || !request.HasFormContentType)
        {
            return TypedResults.Unauthorized();
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var parameters = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty))).ToList();
        if (!TwilioSignature.IsValid(settings.AuthToken!, SignedUrl(request, settings), parameters, request.Headers[TwilioSignature.Header]))
        {
            return TypedResults.Unauthorized();
        }

        var sid = form["MessageSid"].ToString();
        var status = form["MessageStatus"].ToString().ToLowerInvariant();
        var errorCode = form["ErrorCode"].ToString();
        var reference = request.Query["ref"].ToString();
        if (string.IsNullOrEmpty(status) || (string.IsNullOrEmpty(sid) && string.IsNullOrEmpty(reference)))
        {
            return TypedResults.BadRequest();
        }

        await using var context = database.CreateContext();
        var message = await context.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Channel == NotificationChannels.Sms && o.ProviderId == sid, cancellationToken)
            ?? (string.IsNullOrEmpty(reference) ? null : await context.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Channel == NotificationChannels.Sms && o.IdempotencyKey == reference, cancellationToken));
        if (message is null)
        {
            // Not ours (or long gone): answered 200 so Twilio does not retry it.
            return TypedResults.Ok();
        }

        var error = NotDelivered.Contains(status)
            ? $"Twilio reported the text {status}{(string.IsNullOrEmpty(errorCode) ? string.Empty : $" (error {errorCode})")}"
            : null;
        await context.Outbox.Where(o => o.Id == message.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.DeliveryStatus, status).SetProperty(o => o.ProviderId, o => o.ProviderId ?? sid).SetProperty(o => o.LastError, o => error ?? o.LastError), cancellationToken);

        if (error is not null)
        {
            await dispatcher.ReportAsync(message.IdempotencyKey, DeliveryStimulus.NotDelivered, error);
        }
        else if (status == "delivered" || status == "read")
        {
            await dispatcher.ReportAsync(message.IdempotencyKey, DeliveryStimulus.Delivered, null);
        }

        return TypedResults.Ok();
    }

    /// <summary>
    /// The URL Twilio signed: the configured callback address (what Twilio was told to call, whatever proxies sit in
    /// front) with the query this request carries; the request's own URL when none is configured.
    /// </summary>
    private static string SignedUrl(HttpRequest request, TwilioOptions settings)
    {
        if (settings.StatusCallbackUrl is { } configured)
        {
            return new UriBuilder(configured) { Query = request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty }.Uri.AbsoluteUri;
        }

        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
    }
}
