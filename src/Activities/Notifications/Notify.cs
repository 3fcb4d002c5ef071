using System.Text.Json.Nodes;
using Orchestrator.Activities.Directory;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Activities.Notifications;

/// <summary>Notifies people by target, each on the channels they prefer, with a template rendered in their locale.</summary>
[Activity("Orchestrator.Notify", Category = "Notifications", DisplayName = "Notify", Description = "Notifies people, rotations, tiers or roles on their preferred channels with a message template.", Outcomes = ["Done", NotDelivered])]
internal sealed class Notify : DeliveryActivity
{
    [Input(Description = "Who: a list of targets such as person:alice, tier:L2, role:csm, rotation:l2-primary, email:ops@example.com, sms:+6591234567.", Required = true)]
    public Input<object> Targets { get; set; } = Input<object>.Empty;

    [Input(Description = "The template name, e.g. initial-response, internal-escalation, customer-escalation-update, status-update, handoff-notice, task-reminder.", Required = true)]
    public Input<string> Template { get; set; } = Input<string>.Empty;

    [Input(Description = "The values the template renders (ticket, customer, escalation, ...).", UIHint = "json")]
    public Input<object> Model { get; set; } = Input<object>.Empty;

    [Input(Description = "A page: each person's urgent channels (SMS as well as email).", UIHint = "checkbox", DefaultValue = "false")]
    public Input<bool> Urgent { get; set; } = Input<bool>.Empty;

    [Input(Description = "Only these channels (email, sms); empty leaves it to each person's preferences.")]
    public Input<object> Channels { get; set; } = Input<object>.Empty;

    [Input(Description = "The account in context, for role targets.")]
    public Input<string> AccountId { get; set; } = Input<string>.Empty;

    [Input(Description = "The incident in context, for stakeholders.")]
    public Input<string> IncidentId { get; set; } = Input<string>.Empty;

    [Output(Description = "The queued messages: messageId, channel, personId, address.")]
    public Output<JsonArray> Messages { get; set; } = Output<JsonArray>.Unbound;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var targets = new List<NotificationTarget>();
        foreach (var text in OutboxPayloads.Addresses(await context.EvaluateAsync(Targets)))
        {
            targets.Add(NotificationTarget.TryParse(text, out var target, out var error) ? target : throw new InvalidOperationException($"input 'targets': {error}"));
        }

        if (targets.Count == 0)
        {
            throw new InvalidOperationException("input 'targets': no target; give at least one, e.g. person:alice or role:csm");
        }

        var template = await context.EvaluateAsync(Template);
        if (string.IsNullOrWhiteSpace(template))
        {
            throw new InvalidOperationException("input 'template': no template name");
        }

        var model = ValueModel.ToJsonNode(await context.EvaluateAsync(Model)) switch
        {
            null => [],
            JsonObject o => o,
            JsonValue v when v.TryGetValue<string>(out var s) && JsonNode.Parse(s) is JsonObject parsed => parsed,
            var other => throw new InvalidOperationException($"input 'model': expected a JSON object, got {other.GetValueKind()}"),
        };

        var channels = OutboxPayloads.Addresses(await context.EvaluateAsync(Channels));
        var unknown = channels.Where(c => !NotificationChannels.All.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"input 'channels': unknown channel(s) {string.Join(", ", unknown)}; known: {string.Join(", ", NotificationChannels.All)}");
        }

        var request = new NotifyRequest(
            targets,
            template.Trim(),
            model,
            await context.EvaluateAsync(Urgent),
            channels.Count == 0 ? null : channels,
            NullIfEmpty(await context.EvaluateAsync(AccountId)),
            NullIfEmpty(await context.EvaluateAsync(IncidentId)));
        IReadOnlyList<QueuedMessage> queued;
        try
        {
            queued = await context.GetRequiredService<INotifier>().NotifyAsync(context, request);
        }
        catch (TemplateException ex)
        {
            throw new InvalidOperationException($"input 'template': {ex.Message}", ex);
        }

        context.SetOutput(Messages, new JsonArray([.. queued.Select(m => (JsonNode)new JsonObject
        {
            ["messageId"] = m.MessageId,
            ["channel"] = m.Channel,
            ["personId"] = m.PersonId,
            ["address"] = m.Address,
        })]), "Messages");
        if (queued.Count == 0)
        {
            context.JournalNote($"nobody to notify for {string.Join(", ", targets)}");
        }

        await WaitOrCompleteAsync(context, queued);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
