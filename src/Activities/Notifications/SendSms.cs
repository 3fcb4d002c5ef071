using System.Text.RegularExpressions;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Notifications;

/// <summary>Sends a text message through the outbox (Twilio, after the burst commits).</summary>
[Activity("Orchestrator.SendSms", Category = "Notifications", DisplayName = "Send SMS", Description = "Sends a text message after the burst commits; can wait for the delivery result (Twilio status callbacks).", Outcomes = ["Done", NotDelivered])]
internal sealed partial class SendSms : DeliveryActivity
{
    public const int MaxBodyLength = 1600;

    [Input(Description = "The mobile number in E.164 form (+6591234567).", Required = true)]
    public Input<string> To { get; set; } = Input<string>.Empty;

    [Input(Description = "The text, at most 1600 characters.", UIHint = "multiline", Required = true)]
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

        if (body.Length > MaxBodyLength)
        {
            throw new InvalidOperationException($"input 'body': {body.Length} characters, more than Twilio's {MaxBodyLength}");
        }

        var messageId = OutboxPayloads.MessageId(context, null, to, NotificationChannels.Sms);
        context.AddOutboxMessage(NotificationChannels.Sms, messageId, OutboxPayloads.ToJson(new SmsPayload(messageId, to, body)));
        await WaitOrCompleteAsync(context, [new QueuedMessage(messageId, NotificationChannels.Sms, string.Empty, to)]);
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();
}
