using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Engine.Activities.ControlFlow;

/// <summary>Runs its body once per item, one after another; <c>getCurrentValue()</c> is the item.</summary>
[Activity("Elsa.ForEach", Category = "Looping", DisplayName = "For each", Description = "Runs its body for each item, in order.")]
public sealed class ForEach : Activity, ILoopActivity
{
    private Activity? _body;

    [Input(Description = "The items to iterate: a JSON array or a list.", UIHint = "json", Required = true)]
    public Input<object> Items { get; set; } = Input<object>.Empty;

    [Output(Description = "The current item.")]
    public Output<object> CurrentValue { get; set; } = Output<object>.Unbound;

    public override IReadOnlyList<Activity> Children => _body is null ? [] : [_body];

    protected internal override void Configure(ActivityConfigurator configurator) => _body = configurator.GetActivity("body");

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var items = ToList(await context.EvaluateAsync(Items));
        context.State = new ForEachState(items);
        await NextAsync(context);
    }

    protected internal override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child) => NextAsync(context);

    protected internal override void WriteState(Utf8JsonWriter writer, object state)
    {
        var s = (ForEachState)state;
        writer.WriteStartObject();
        writer.WriteNumber("index", s.Index);
        writer.WritePropertyName("items");
        ValueModel.ToJsonNode(s.Items)!.WriteTo(writer);
        writer.WriteEndObject();
    }

    protected internal override object? ReadState(JsonElement element)
    {
        var items = JsonNode.Parse(element.GetProperty("items").GetRawText()) as JsonArray ?? [];
        return new ForEachState([.. items.Select(ValueModel.FromJsonNode)]) { Index = element.GetProperty("index").GetInt32() };
    }

    internal static List<object?> ToList(object? items) => items switch
    {
        null => [],
        JsonArray array => [.. array.Select(ValueModel.FromJsonNode)],
        string text when text.TrimStart().StartsWith('[') => JsonNode.Parse(text) is JsonArray parsed ? [.. parsed.Select(ValueModel.FromJsonNode)] : [text],
        string text => [text],
        JsonObject obj => [obj],
        IEnumerable enumerable => [.. enumerable.Cast<object?>()],
        _ => [items],
    };

    private async ValueTask NextAsync(ActivityExecutionContext context)
    {
        var state = (ForEachState)context.State!;
        if (state.Index >= state.Items.Count)
        {
            await context.CompleteAsync();
            return;
        }

        var item = state.Items[state.Index++];
        context.SetOutput(CurrentValue, item, "CurrentValue");
        if (_body is null)
        {
            await NextAsync(context);
            return;
        }

        context.ScheduleChild(_body, item);
    }

    private sealed class ForEachState(List<object?> items)
    {
        public List<object?> Items { get; } = items;

        public int Index { get; set; }
    }
}

/// <summary>Runs its body for every item at once; completes when every body has completed.</summary>
[Activity("Elsa.ParallelForEach", Category = "Looping", DisplayName = "Parallel for each", Description = "Runs its body for every item at once.")]
public sealed class ParallelForEach : Activity, ILoopActivity
{
    private Activity? _body;

    [Input(Description = "The items to iterate: a JSON array or a list.", UIHint = "json", Required = true)]
    public Input<object> Items { get; set; } = Input<object>.Empty;

    public override IReadOnlyList<Activity> Children => _body is null ? [] : [_body];

    protected internal override void Configure(ActivityConfigurator configurator) => _body = configurator.GetActivity("body");

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var items = ForEach.ToList(await context.EvaluateAsync(Items));
        if (_body is null || items.Count == 0)
        {
            await context.CompleteAsync();
            return;
        }

        foreach (var item in items)
        {
            context.ScheduleChild(_body, item);
        }
    }

    protected internal override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child) =>
        context.ChildContexts.Count == 0 ? context.CompleteAsync() : default;
}
