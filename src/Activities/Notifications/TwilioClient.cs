using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Orchestrator.Activities.Notifications;

/// <summary>What Twilio answered when it took a message: its SID (<c>SM...</c>) and first status.</summary>
public sealed record TwilioMessage(string Sid, string Status);

/// <summary>
/// Twilio Programmable Messaging over its REST API: <c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>, form
/// encoded, HTTP Basic with the account SID and auth token. Retries on 429 and 5xx come from the resilience handler
/// registered with the typed client; what is left is turned into a <see cref="DeliveryException"/>.
/// </summary>
public sealed class TwilioClient(HttpClient http, IOptions<TwilioOptions> options)
{
    public async Task<TwilioMessage> SendAsync(SmsPayload sms, Uri? statusCallback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            throw new DeliveryException($"text messages are not configured: set {TwilioOptions.Section}:AccountSid", permanent: false);
        }

        var fields = new List<KeyValuePair<string, string>> { new("To", sms.To) };
        fields.Add(string.IsNullOrWhiteSpace(settings.MessagingServiceSid) ? new("From", settings.From!) : new("MessagingServiceSid", settings.MessagingServiceSid));
        // The activities already cut a long text; this keeps a payload queued by anything else within Twilio's limit too.
        fields.Add(new("Body", SmsBody.Fit(sms.Body)));
        if (statusCallback is not null)
        {
            fields.Add(new("StatusCallback", statusCallback.AbsoluteUri));
        }

        var uri = new Uri(settings.BaseUrl, $"/2010-04-01/Accounts/{Uri.EscapeDataString(settings.AccountSid!)}/Messages.json");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new DeliveryException($"Twilio could not be reached at {settings.BaseUrl}: {ex.Message}", permanent: false, ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var body = Parse(text);
                var sid = body?["sid"]?.GetValue<string>() ?? throw new DeliveryException($"Twilio answered {(int)response.StatusCode} without a message sid: {Truncate(text)}", permanent: false);
                return new TwilioMessage(sid, body["status"]?.GetValue<string>() ?? "queued");
            }

            throw Failure(response.StatusCode, text);
        }
    }

    /// <summary>Twilio's error JSON <c>{code, message, more_info, status}</c> as a failure naming code and message; 4xx other than 429 is permanent.</summary>
    internal static DeliveryException Failure(HttpStatusCode status, string text)
    {
        var permanent = (int)status is >= 400 and < 500 && status != HttpStatusCode.TooManyRequests;
        var body = Parse(text);
        if (body?["code"] is JsonValue code && body["message"] is JsonValue message)
        {
            var more = body["more_info"]?.ToString();
            return new DeliveryException(
                string.Create(CultureInfo.InvariantCulture, $"Twilio error {code}: {message} (HTTP {(int)status}{(more is null ? string.Empty : $", {more}")})"),
                permanent);
        }

        return new DeliveryException(string.Create(CultureInfo.InvariantCulture, $"Twilio answered HTTP {(int)status}: {Truncate(text)}"), permanent);
    }

    private static JsonObject? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
