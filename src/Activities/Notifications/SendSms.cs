using System.Text.RegularExpressions;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Notifications;

/// <summary>Sends a text message through the outbox (Twilio, after the burst commits).</summary>
[Activity("Orchestrator.SendSms", Category = "Notifications", DisplayName = "Send SMS", Description = "Sends a text message after the burst commits; can wait for the delivery result (Twilio status callbacks).", Outcomes = ["Done", NotDelivered])]
internal sealed partial class SendSms : DeliveryActivity
{
    public const int MaxBodyLength = SmsBody.MaxLength;

    [Input(Description = "The mobile number in E.164 form (+6591234567).", Required = true)]
    public Input<string> To { get; set; } = Input<string>.Empty;

    [Input(Description = "The text; past 1600 characters (Twilio's limit) it is cut and ends in an ellipsis.", UIHint = "multiline", Required = true)]
    public Input<string> Body { get; set; } = Input<string>.Empty;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var to = (await context.EvaluateAsync(To))?.Trim();
        if (string.IsNullOrEmpty(to) || !E164().IsMatch(to))
        {
            throw new InvalidOperationException($"input 'to': '{to}' is not a phone number in E.164 form (+ and up to 15 digits, e.g. +6591234567)");
        }

        var body = await context.EvaluateAsync(Body);
        if (string.IsNullOrEmpty(body))
        {
            throw new InvalidOperationException("input 'body': the text is empty");
        }

        var sent = SmsBody.Fit(body);
        int? originalLength = null;
        if (sent.Length != body.Length)
        {
            originalLength = body.Length;
            context.JournalNote(SmsBody.ShortenedNote("input 'body'", body.Length, sent.Length));
        }

        var messageId = OutboxPayloads.MessageId(context, null, to, NotificationChannels.Sms);
        context.AddOutboxMessage(NotificationChannels.Sms, messageId, OutboxPayloads.ToJson(new SmsPayload(messageId, to, sent, originalLength)));
        await WaitOrCompleteAsync(context, [new QueuedMessage(messageId, NotificationChannels.Sms, string.Empty, to)]);
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();
}
