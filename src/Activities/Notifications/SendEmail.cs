using System.Net.Mail;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Activities.Notifications;

/// <summary>The inputs and queueing both email activities share; the outbox dispatcher sends the message after commit.</summary>
internal abstract class SendEmailBase : DeliveryActivity
{
    [Input(Description = "The sender address; the configured Orchestrator:Smtp:From when empty.")]
    public Input<string> From { get; set; } = Input<string>.Empty;

    [Input(Description = "Recipients: a list, or addresses separated by commas.", Required = true)]
    public Input<object> To { get; set; } = Input<object>.Empty;

    [Input(Description = "Copy recipients.")]
    public Input<object> Cc { get; set; } = Input<object>.Empty;

    [Input(Description = "Blind copy recipients.")]
    public Input<object> Bcc { get; set; } = Input<object>.Empty;

    [Input(Description = "The subject.")]
    public Input<string> Subject { get; set; } = Input<string>.Empty;

    [Input(Description = "The body.", UIHint = "multiline")]
    public Input<object> Body { get; set; } = Input<object>.Empty;

    protected abstract ValueTask<bool> IsHtmlAsync(ActivityExecutionContext context);

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var from = await context.EvaluateAsync(From);
        var to = Validated("to", OutboxPayloads.Addresses(await context.EvaluateAsync(To)));
        var cc = Validated("cc", OutboxPayloads.Addresses(await context.EvaluateAsync(Cc)));
        var bcc = Validated("bcc", OutboxPayloads.Addresses(await context.EvaluateAsync(Bcc)));
        if (to.Count + cc.Count + bcc.Count == 0)
        {
            throw new InvalidOperationException("input 'to': no recipient; give at least one address in to, cc or bcc");
        }

        if (!string.IsNullOrWhiteSpace(from))
        {
            Validated("from", [from]);
        }

        var messageId = OutboxPayloads.MessageId(context, null, string.Join(',', to.Concat(cc).Concat(bcc)), NotificationChannels.Email);
        var payload = new EmailPayload(
            messageId,
            string.IsNullOrWhiteSpace(from) ? null : from.Trim(),
            to,
            cc,
            bcc,
            await context.EvaluateAsync(Subject) ?? string.Empty,
            ValueModel.ToText(await context.EvaluateAsync(Body)) ?? string.Empty,
            await IsHtmlAsync(context));
        context.AddOutboxMessage(NotificationChannels.Email, messageId, OutboxPayloads.ToJson(payload));
        await WaitOrCompleteAsync(context, [new QueuedMessage(messageId, NotificationChannels.Email, string.Empty, string.Join(", ", to))]);
    }

    private static IReadOnlyList<string> Validated(string field, IReadOnlyList<string> addresses)
    {
        foreach (var address in addresses)
        {
            if (!MailAddress.TryCreate(address, out _))
            {
                throw new InvalidOperationException($"input '{field}': '{address}' is not an email address");
            }
        }

        return addresses;
    }
}

/// <summary>Sends an email through the outbox (SMTP, after the burst commits).</summary>
[Activity("Orchestrator.SendEmail", Category = "Notifications", DisplayName = "Send email", Description = "Sends an email after the burst commits; can wait for the delivery result.", Outcomes = ["Done", NotDelivered])]
internal sealed class SendEmail : SendEmailBase
{
    [Input(Description = "The body is HTML.", UIHint = "checkbox", DefaultValue = "false")]
    public Input<bool> Html { get; set; } = Input<bool>.Empty;

    protected override async ValueTask<bool> IsHtmlAsync(ActivityExecutionContext context) => await context.EvaluateAsync(Html);
}

/// <summary>Elsa's email activity on the same delivery path; its body is HTML and a failed delivery leaves on <c>error</c>.</summary>
[Activity("Elsa.SendEmail", Category = "Email", DisplayName = "Send email", Description = "Sends an email (Elsa 3 compatible); with waitForDelivery a failure continues on 'error'.", Outcomes = ["Done", ErrorOutcome])]
internal sealed class ElsaSendEmail : SendEmailBase
{
    public const string ErrorOutcome = "error";

    protected override string NotDeliveredOutcome => ErrorOutcome;

    protected override ValueTask<bool> IsHtmlAsync(ActivityExecutionContext context) => ValueTask.FromResult(true);
}
