using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Sla;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Activities.Handoffs;

/// <summary>
/// At the end of a region's shift, hands an open ticket to the region whose business calendar opens next (one open at
/// that moment counts as opening then), notifies that region's queue and waits for it to accept.
/// </summary>
[Activity(
    "Orchestrator.FollowTheSunHandoff",
    Category = "Handoffs",
    DisplayName = "Follow-the-sun handoff",
    Description = "Hands a ticket to the region that opens next when the current region closes, and waits for acceptance.",
    Outcomes = [HandoffAcceptance.Accepted, HandoffAcceptance.NotAccepted])]
public sealed class FollowTheSunHandoff : Activity
{
    public const string DefaultTemplate = "follow-the-sun-handoff";

    [Input(Description = "The ticket handed over; acceptance is sent to this key.", Required = true)]
    public Input<string> TicketId { get; set; } = Input<string>.Empty;

    [Input(Description = "The region handing over (one of the regions' names).", Required = true)]
    public Input<string> CurrentRegion { get; set; } = Input<string>.Empty;

    [Input(
        Description = "The regions in order of preference: [{\"region\": \"Europe\", \"calendar\": \"europe-hours\", \"queue\": \"rotation:europe-l1\"}].",
        UIHint = "json",
        Required = true)]
    public Input<object> Regions { get; set; } = Input<object>.Empty;

    [Input(Description = "The template for the receiving queue.", DefaultValue = DefaultTemplate)]
    public Input<string> Template { get; set; } = Input<string>.Empty;

    [Input(Description = "The context packet for the template (status, steps taken, what is needed).", UIHint = "json")]
    public Input<object> Model { get; set; } = Input<object>.Empty;

    [Input(Description = "How long the receiving region has to accept.", DefaultValue = "01:00:00")]
    public Input<TimeSpan> AcceptanceTimeout { get; set; } = Input<TimeSpan>.Empty;

    [Output(Description = "The region chosen.")]
    public Output<string> Region { get; set; } = Output<string>.Unbound;

    [Output(Description = "{ticketId, fromRegion, region, closesAt, opensAt, acceptedBy, acceptedAt} or, not accepted, {..., notAcceptedAt}.")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var ticketId = await HandoffAcceptance.RequiredAsync(context, TicketId, "ticketId");
        var current = await HandoffAcceptance.RequiredAsync(context, CurrentRegion, "currentRegion");
        var regions = ReadRegions(ValueModel.ToJsonNode(await context.EvaluateAsync(Regions)));
        var timeout = await HandoffAcceptance.TimeoutAsync(context, AcceptanceTimeout, TimeSpan.FromHours(1));
        var template = await context.EvaluateAsync(Template);
        var model = ValueModel.ToJsonNode(await context.EvaluateAsync(Model));
        if (model is not null and not JsonObject)
        {
            throw new InvalidOperationException("input 'model': expected a JSON object");
        }

        var currentIndex = regions.FindIndex(r => string.Equals(r.Name, current, StringComparison.OrdinalIgnoreCase));
        if (currentIndex < 0)
        {
            throw new InvalidOperationException($"input 'currentRegion': '{current}' is not one of the regions ({string.Join(", ", regions.Select(r => r.Name))})");
        }

        var businessTime = context.GetRequiredService<IBusinessTime>();
        var now = context.TimeProvider.GetUtcNow();
        var closesAt = await CalendarAsync(() => businessTime.CurrentCloseAsync(regions[currentIndex].Calendar, now, context.CancellationToken), currentIndex) ?? now;

        (RegionQueue Region, DateTimeOffset OpensAt)? chosen = null;
        for (var i = 0; i < regions.Count; i++)
        {
            if (i == currentIndex)
            {
                continue;
            }

            var index = i;
            var opens = await CalendarAsync(() => businessTime.NextOpenAsync(regions[index].Calendar, closesAt, context.CancellationToken), i);
            if (opens is { } at && (chosen is null || at < chosen.Value.OpensAt))
            {
                chosen = (regions[i], at);
            }
        }

        if (chosen is not { } next)
        {
            throw new InvalidOperationException($"input 'regions': no region other than {regions[currentIndex].Name} ever opens after {closesAt:O}");
        }

        var packet = (JsonObject?)model?.DeepClone() ?? [];
        packet["ticketId"] = ticketId;
        packet["fromRegion"] = regions[currentIndex].Name;
        packet["region"] = next.Region.Name;
        packet["opensAt"] = next.OpensAt.ToString("O", CultureInfo.InvariantCulture);
        var queued = await context.GetRequiredService<INotifier>().NotifyAsync(context, new NotifyRequest(
            [next.Region.Queue], string.IsNullOrWhiteSpace(template) ? DefaultTemplate : template, packet, Key: $"follow-the-sun/{ticketId}/{regions[currentIndex].Name}-{next.Region.Name}"));
        context.SetOutput(Region, next.Region.Name, nameof(Region));
        context.JournalNote($"ticket {ticketId} handed from {regions[currentIndex].Name} (closes {closesAt:O}) to {next.Region.Name} (open from {next.OpensAt:O}): {queued.Count} message(s) to {next.Region.Queue}");
        HandoffAcceptance.Wait(context, ticketId, timeout, new JsonObject
        {
            ["fromRegion"] = regions[currentIndex].Name,
            ["region"] = next.Region.Name,
            ["closesAt"] = closesAt.ToString("O", CultureInfo.InvariantCulture),
            ["opensAt"] = next.OpensAt.ToString("O", CultureInfo.InvariantCulture),
        });
    }

    protected override ValueTask ResumeAsync(ActivityExecutionContext context) =>
        HandoffAcceptance.ResumeAsync(context, result =>
        {
            context.SetOutput(Region, result["region"]?.GetValue<string>(), nameof(Region));
            context.SetOutput(Result, result);
            context.SetResult(result);
        });

    protected override void WriteState(Utf8JsonWriter writer, object state) => HandoffAcceptance.WriteState(writer, state);

    protected override object? ReadState(JsonElement element) => HandoffAcceptance.ReadState(element);

    private sealed record RegionQueue(string Name, string Calendar, NotificationTarget Queue);

    private static List<RegionQueue> ReadRegions(JsonNode? node)
    {
        if (node is not JsonArray { Count: >= 2 } array)
        {
            throw new InvalidOperationException("input 'regions': expected an array of at least two {region, calendar, queue} objects");
        }

        var regions = new List<RegionQueue>();
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i] as JsonObject ?? throw new InvalidOperationException($"input 'regions': regions[{i}] is not an object");
            var name = Text(item, "region", i);
            var calendar = Text(item, "calendar", i);
            if (!NotificationTarget.TryParse(Text(item, "queue", i), out var queue, out var error))
            {
                throw new InvalidOperationException($"input 'regions': regions[{i}].queue: {error}");
            }

            if (regions.Exists(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"input 'regions': regions[{i}].region '{name}' is listed twice");
            }

            regions.Add(new RegionQueue(name, calendar, queue));
        }

        return regions;
    }

    private static string Text(JsonObject item, string name, int index) =>
        item[name] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : throw new InvalidOperationException($"input 'regions': regions[{index}].{name} is required");

    private static async ValueTask<DateTimeOffset?> CalendarAsync(Func<ValueTask<DateTimeOffset?>> ask, int index)
    {
        try
        {
            return await ask();
        }
        catch (UnknownCalendarException ex)
        {
            throw new InvalidOperationException($"input 'regions': regions[{index}].calendar: {ex.Message}", ex);
        }
    }
}
