using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Activities.Tickets;

/// <summary>
/// Starts a workflow on a type of ticket event (its correlation id becomes the ticket id), or waits inside a run for the
/// next event of that type on one ticket. Its result is the normalised event.
/// </summary>
[Activity(
    "Orchestrator.ReceiveTicketEvent",
    Category = "Tickets",
    DisplayName = "Receive ticket event",
    Description = "Starts the workflow on a ticket event from Zendesk, Jira, ServiceNow or a generic source, or waits for the next one on a ticket.")]
public sealed class ReceiveTicketEvent : Activity, ITriggerActivity
{
    [Input(
        Description = "The event type: ticket.created, ticket.priority_changed, ticket.status_changed, ticket.comment_added, ticket.assigned, ticket.solved, ticket.reopened; '*' waits for any (not as a trigger).",
        Required = true,
        Options = ["ticket.created", "ticket.priority_changed", "ticket.status_changed", "ticket.comment_added", "ticket.assigned", "ticket.solved", "ticket.reopened", "*"])]
    public Input<string> EventType { get; set; } = Input<string>.Empty;

    [Input(Description = "The ticket to wait on (zendesk:123); defaults to the workflow's correlation id. Not used as a trigger.")]
    public Input<string> TicketId { get; set; } = Input<string>.Empty;

    [Output(Description = "The normalised ticket event.")]
    public Output<object> Event { get; set; } = Output<object>.Unbound;

    public TriggerSpec? GetTrigger() =>
        EventType.TryGetConstant(out var type) && type is not null && TicketEvent.Types.Contains(type)
            ? new TriggerSpec(TicketStimuli.Trigger, type, new JsonObject { ["eventType"] = type })
            : null;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggeredStart)
        {
            if (ValueModel.ToJsonNode(context.TriggerInput) is JsonObject triggered && triggered["ticketId"]?.GetValue<string>() is { } id)
            {
                context.CorrelationId = id;
            }

            await CompleteWithAsync(context, context.TriggerInput);
            return;
        }

        var type = await context.EvaluateAsync(EventType);
        if (string.IsNullOrWhiteSpace(type) || (type != "*" && !TicketEvent.Types.Contains(type)))
        {
            throw new InvalidOperationException($"input 'eventType' is '{type}'; expected one of {string.Join(", ", TicketEvent.Types)} or '*'");
        }

        var ticketId = await context.EvaluateAsync(TicketId);
        if (string.IsNullOrWhiteSpace(ticketId))
        {
            ticketId = context.CorrelationId;
        }

        if (string.IsNullOrWhiteSpace(ticketId))
        {
            throw new InvalidOperationException("input 'ticketId' is empty and the workflow has no correlation id to wait on");
        }

        context.CreateBookmark(TicketStimuli.Event, ticketId, new JsonObject { ["eventType"] = type });
    }

    protected override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        var wanted = context.ResumedBookmark?.Payload?["eventType"]?.GetValue<string>() ?? "*";
        var received = (ValueModel.ToJsonNode(context.ResumeInput) as JsonObject)?["type"]?.GetValue<string>();
        if (wanted != "*" && received != wanted)
        {
            // Another kind of event on the same ticket: keep waiting for the one asked for.
            context.CreateBookmark(TicketStimuli.Event, context.ResumedBookmark!.Key, new JsonObject { ["eventType"] = wanted });
            return;
        }

        await CompleteWithAsync(context, context.ResumeInput);
    }

    private ValueTask CompleteWithAsync(ActivityExecutionContext context, object? payload)
    {
        context.SetOutput(Event, payload);
        context.SetResult(payload);
        return context.CompleteAsync();
    }
}
