using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Handoffs;

/// <summary>
/// Hands a ticket to a higher support tier with the context packet (what the receiving team needs to carry on without
/// asking again), tells the customer, and waits for the tier to accept it. Not accepted in time: the workflow escalates.
/// </summary>
[Activity(
    "Orchestrator.HandoffToTier",
    Category = "Handoffs",
    DisplayName = "Hand off to tier",
    Description = "Hands a ticket to the next support tier with its context packet and waits for acceptance.",
    Outcomes = [HandoffAcceptance.Accepted, HandoffAcceptance.NotAccepted])]
public sealed class HandoffToTier : Activity
{
    public const string QueueTemplate = "internal-escalation";
    public const string CustomerTemplate = "customer-escalation-update";

    private static readonly string[] Tiers = ["L1", "L2", "L3"];

    [Input(Description = "The ticket handed off; acceptance is sent to this key.", Required = true)]
    public Input<string> TicketId { get; set; } = Input<string>.Empty;

    [Input(Description = "The tier handing off.", UIHint = "dropdown", Options = ["L1", "L2", "L3"], DefaultValue = "L1")]
    public Input<string> FromTier { get; set; } = Input<string>.Empty;

    [Input(Description = "The tier receiving the ticket; its queue (tier:L2) is notified.", UIHint = "dropdown", Options = ["L1", "L2", "L3"], Required = true)]
    public Input<string> ToTier { get; set; } = Input<string>.Empty;

    [Input(Description = "Who to tell about the escalation (person:, email:, role:...); empty tells no customer.")]
    public Input<string> Customer { get; set; } = Input<string>.Empty;

    [Input(Description = "The customer's name or organisation, for the packet.")]
    public Input<string> CustomerName { get; set; } = Input<string>.Empty;

    [Input(Description = "P1 to P4.", UIHint = "dropdown", Options = ["P1", "P2", "P3", "P4"])]
    public Input<string> Priority { get; set; } = Input<string>.Empty;

    [Input(Description = "What the problem costs the customer.", UIHint = "multiline")]
    public Input<string> BusinessImpact { get; set; } = Input<string>.Empty;

    [Input(Description = "What was tried so far.", UIHint = "multiline")]
    public Input<string> StepsTaken { get; set; } = Input<string>.Empty;

    [Input(Description = "Where things stand.", UIHint = "multiline")]
    public Input<string> CurrentStatus { get; set; } = Input<string>.Empty;

    [Input(Description = "Why it is escalated.", UIHint = "multiline", Required = true)]
    public Input<string> Reason { get; set; } = Input<string>.Empty;

    [Input(Description = "What the receiving tier is asked for.", UIHint = "multiline")]
    public Input<string> ResourcesNeeded { get; set; } = Input<string>.Empty;

    [Input(Description = "How long the receiving tier has to accept.", DefaultValue = "01:00:00")]
    public Input<TimeSpan> AcceptanceTimeout { get; set; } = Input<TimeSpan>.Empty;

    [Input(Description = "The account in context, for role targets.")]
    public Input<string> AccountId { get; set; } = Input<string>.Empty;

    [Output(Description = "{ticketId, fromTier, toTier, packet, acceptedBy, acceptedAt} or, not accepted, {..., notAcceptedAt}.")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var ticketId = await HandoffAcceptance.RequiredAsync(context, TicketId, "ticketId");
        var from = Tier(await context.EvaluateAsync(FromTier) ?? "L1", "fromTier");
        var to = Tier(await HandoffAcceptance.RequiredAsync(context, ToTier, "toTier"), "toTier");
        if (from == to)
        {
            throw new InvalidOperationException($"input 'toTier': the ticket is already with {to}");
        }

        var reason = await HandoffAcceptance.RequiredAsync(context, Reason, "reason");
        var timeout = await HandoffAcceptance.TimeoutAsync(context, AcceptanceTimeout, TimeSpan.FromHours(1));
        NotificationTarget? customer = null;
        if (await context.EvaluateAsync(Customer) is { Length: > 0 } customerText)
        {
            customer = NotificationTarget.TryParse(customerText, out var parsed, out var error) ? parsed : throw new InvalidOperationException($"input 'customer': {error}");
        }

        var priority = await context.EvaluateAsync(Priority);
        var packet = new JsonObject
        {
            ["ticketId"] = ticketId,
            ["customer"] = await context.EvaluateAsync(CustomerName),
            ["priority"] = priority,
            ["businessImpact"] = await context.EvaluateAsync(BusinessImpact),
            ["stepsTaken"] = await context.EvaluateAsync(StepsTaken),
            ["currentStatus"] = await context.EvaluateAsync(CurrentStatus),
            ["reason"] = reason,
            ["resourcesNeeded"] = await context.EvaluateAsync(ResourcesNeeded),
            ["fromTier"] = from,
            ["toTier"] = to,
        };

        var accountId = await context.EvaluateAsync(AccountId);
        var notifier = context.GetRequiredService<INotifier>();
        var urgent = priority is "P1" or "P2";
        var queued = await notifier.NotifyAsync(context, new NotifyRequest(
            [new NotificationTarget(TargetKind.Tier, to)], QueueTemplate, MessageModel(packet), Urgent: urgent, AccountId: accountId, Key: $"handoff/{ticketId}/{from}-{to}/queue"));
        context.JournalNote($"ticket {ticketId} handed off {from} -> {to}: {queued.Count} message(s) to tier:{to}; reason: {reason}");
        if (customer is not null)
        {
            var toCustomer = await notifier.NotifyAsync(context, new NotifyRequest(
                [customer], CustomerTemplate, MessageModel(packet), AccountId: accountId, Key: $"handoff/{ticketId}/{from}-{to}/customer"));
            context.JournalNote($"customer {customer} told of the escalation: {toCustomer.Count} message(s)");
        }

        HandoffAcceptance.Wait(context, ticketId, timeout, new JsonObject { ["fromTier"] = from, ["toTier"] = to, ["packet"] = packet });
    }

    protected override ValueTask ResumeAsync(ActivityExecutionContext context) =>
        HandoffAcceptance.ResumeAsync(context, result =>
        {
            context.SetOutput(Result, result);
            context.SetResult(result);
        });

    protected override void WriteState(Utf8JsonWriter writer, object state) => HandoffAcceptance.WriteState(writer, state);

    protected override object? ReadState(JsonElement element) => HandoffAcceptance.ReadState(element);

    /// <summary>
    /// The packet as the shipped templates read it: flat fields, plus the <c>ticket</c> and <c>escalation</c> objects
    /// that internal-escalation and customer-escalation-update render.
    /// </summary>
    private static JsonObject MessageModel(JsonObject packet)
    {
        var model = (JsonObject)packet.DeepClone();
        model["ticket"] = new JsonObject
        {
            ["id"] = packet["ticketId"]?.DeepClone(),
            ["priority"] = packet["priority"]?.DeepClone(),
            ["status"] = packet["currentStatus"]?.DeepClone(),
            ["statusSummary"] = packet["currentStatus"]?.DeepClone(),
        };
        model["escalation"] = new JsonObject
        {
            ["team"] = packet["toTier"]?.DeepClone(),
            ["reason"] = packet["reason"]?.DeepClone(),
            ["businessImpact"] = packet["businessImpact"]?.DeepClone(),
            ["stepsTaken"] = packet["stepsTaken"]?.DeepClone(),
            ["resourcesNeeded"] = packet["resourcesNeeded"]?.DeepClone(),
        };
        return model;
    }

    private static string Tier(string text, string field)
    {
        var tier = text.Trim().ToUpperInvariant();
        return Array.IndexOf(Tiers, tier) >= 0 ? tier : throw new InvalidOperationException($"input '{field}': '{text}' is not a tier; use L1, L2 or L3");
    }
}
