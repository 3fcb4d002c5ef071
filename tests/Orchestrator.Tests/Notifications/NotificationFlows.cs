using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Notifications;
using Orchestrator.Persistence;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Notifications;

/// <summary>Hosts and workflows for the delivery tests: the background dispatcher is off, tests dispatch themselves.</summary>
internal static class NotificationFlows
{
    public const string TwilioSid = "AC0123456789abcdef0123456789abcdef";
    public const string TwilioToken = "twilio-auth-token";
    public const string CallbackUrl = "https://orchestrator.example.com/webhooks/twilio/status";

    public static ApiFactory Host(int smtpPort, string? twilioUrl = null, int maxAttempts = 3) => new(builder =>
    {
        builder.UseSetting("Orchestrator:Outbox:Enabled", "false");
        builder.UseSetting("Orchestrator:Outbox:MaxAttempts", maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orchestrator:Outbox:RetryDelay", "00:01:00");
        builder.UseSetting("Orchestrator:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Orchestrator:Smtp:Port", smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orchestrator:Smtp:Tls", "None");
        builder.UseSetting("Orchestrator:Smtp:From", "Support <support@clinic.example>");
        builder.UseSetting("Orchestrator:Smtp:Timeout", "00:00:10");
        if (twilioUrl is not null)
        {
            builder.UseSetting("Orchestrator:Twilio:AccountSid", TwilioSid);
            builder.UseSetting("Orchestrator:Twilio:AuthToken", TwilioToken);
            builder.UseSetting("Orchestrator:Twilio:From", "+15005550006");
            builder.UseSetting("Orchestrator:Twilio:BaseUrl", twilioUrl);
            builder.UseSetting("Orchestrator:Twilio:StatusCallbackUrl", CallbackUrl);
            builder.UseSetting("Orchestrator:Twilio:RetryDelay", "00:00:00");
        }
    });

    public static OutboxDispatcher Dispatcher(this ApiFactory api) => api.Services.GetRequiredService<OutboxDispatcher>();

    public static async Task<List<OutboxRecord>> OutboxAsync(this ApiFactory api)
    {
        await using var context = api.Services.GetRequiredService<Database>().CreateContext();
        return await context.Outbox.AsNoTracking().OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    public static async Task<List<OutboxAttemptRecord>> AttemptsAsync(this ApiFactory api, string outboxId)
    {
        await using var context = api.Services.GetRequiredService<Database>().CreateContext();
        return await context.OutboxAttempts.AsNoTracking().Where(a => a.OutboxId == outboxId).OrderBy(a => a.Attempt).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Send (Notify, SendSms, ...) then WriteLine "delivered" on Done or "not delivered: {error}" on NotDelivered.</summary>
    public static JsonObject SendThenReport(string definitionId, JsonObject send, string notDeliveredPort = "NotDelivered") =>
        Flows.Definition(
            definitionId,
            definitionId,
            [
                send,
                Flows.WriteLine("ok", "delivered"),
                Flows.Activity("ko", "Elsa.WriteLine", ("text", Flows.Js("`not delivered: ${getVariable('Error')}`", "String"))),
            ],
            [("send", "Done", "ok"), ("send", notDeliveredPort, "ko")],
            [Flows.Variable("Error")]);

    public static JsonObject BindError(this JsonObject activity)
    {
        activity["error"] = new JsonObject { ["typeName"] = "String", ["memoryReference"] = new JsonObject { ["id"] = "Error" } };
        return activity;
    }
}
