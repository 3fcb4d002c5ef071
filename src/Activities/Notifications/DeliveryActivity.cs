using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Activities.Notifications;

/// <summary>
/// The part every sending activity shares: messages are queued in the burst's outbox, and with <c>waitForDelivery</c>
/// the activity waits on a <see cref="DeliveryStimulus"/> bookmark per message. It completes with the delivered outcome
/// at the first message delivered, and with the not-delivered outcome once every message has failed.
/// </summary>
internal abstract class DeliveryActivity : Activity
{
    public const string NotDelivered = "NotDelivered";

    [Input(Description = "Wait until the message is delivered or given up on, and continue on Done or NotDelivered.", UIHint = "checkbox", DefaultValue = "false")]
    public Input<bool> WaitForDelivery { get; set; } = Input<bool>.Empty;

    [Output(Description = "Why the message was not delivered, when it was not.")]
    public Output<string> Error { get; set; } = Output<string>.Unbound;

    protected virtual string DeliveredOutcome => "Done";

    protected virtual string NotDeliveredOutcome => NotDelivered;

    protected async ValueTask WaitOrCompleteAsync(ActivityExecutionContext context, IReadOnlyList<QueuedMessage> messages)
    {
        if (!await context.EvaluateAsync(WaitForDelivery))
        {
            await context.CompleteAsync(DeliveredOutcome);
            return;
        }

        if (messages.Count == 0)
        {
            context.SetOutput(Error, "no message was queued: nobody to reach", "Error");
            await context.CompleteAsync(NotDeliveredOutcome);
            return;
        }

        foreach (var message in messages)
        {
            context.CreateBookmark(DeliveryStimulus.Name, message.MessageId, new JsonObject
            {
                ["messageId"] = message.MessageId,
                ["channel"] = message.Channel,
                ["address"] = message.Address,
            });
        }
    }

    protected override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var input = ValueModel.ToJsonNode(context.ResumeInput) as JsonObject;
        var status = input?["status"]?.ToString();
        var messageId = input?["messageId"]?.ToString() ?? context.ResumedBookmark?.Key;
        if (status == DeliveryStimulus.Delivered)
        {
            await context.CompleteAsync(DeliveredOutcome);
            return;
        }

        var error = input?["error"]?.ToString() ?? $"message {messageId} was not delivered";
        context.JournalNote($"message {messageId} not delivered: {error}");
        if (context.Instance.Bookmarks.Exists(b => b.ContextId == context.Id))
        {
            // Another message of this execution may still get through.
            return;
        }

        context.SetOutput(Error, error, "Error");
        await context.CompleteAsync(NotDeliveredOutcome);
    }
}
