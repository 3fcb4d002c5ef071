using System.Globalization;
using System.Text.Json;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.ControlFlow;

/// <summary>Runs its body while a condition holds, checked before each iteration.</summary>
[Activity("Elsa.While", Category = "Looping", DisplayName = "While", Description = "Runs its body while a condition holds.")]
public sealed class While : Activity, ILoopActivity
{
    private Activity? _body;

    [Input(Description = "Checked before each iteration.", UIHint = "code", Required = true)]
    public Input<bool> Condition { get; set; } = Input<bool>.Empty;

    public override IReadOnlyList<Activity> Children => _body is null ? [] : [_body];

    protected internal override void Configure(ActivityConfigurator configurator) => _body = configurator.GetActivity("body");

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) => NextAsync(context);

    protected internal override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child) => NextAsync(context);

    private async ValueTask NextAsync(ActivityExecutionContext context)
    {
        if (_body is null || !await context.EvaluateAsync(Condition))
        {
            await context.CompleteAsync();
            return;
        }

        context.ScheduleChild(_body);
    }
}

/// <summary>Counts from start to end by step, running its body for each value.</summary>
[Activity("Elsa.For", Category = "Looping", DisplayName = "For", Description = "Runs its body for each number from start to end.")]
public sealed class For : Activity, ILoopActivity
{
    private Activity? _body;

    [Input(Description = "The first value.", DefaultValue = "0")]
    public Input<double> Start { get; set; } = Input<double>.Empty;

    [Input(Description = "The last value.", Required = true)]
    public Input<double> End { get; set; } = Input<double>.Empty;

    [Input(Description = "The increment.", DefaultValue = "1")]
    public Input<double> Step { get; set; } = Input<double>.Empty;

    [Input(Description = "Whether the end value is included.", DefaultValue = "true")]
    public Input<bool> OuterBoundInclusive { get; set; } = Input<bool>.Empty;

    [Output(Description = "The current value.")]
    public Output<object> CurrentValue { get; set; } = Output<object>.Unbound;

    public override IReadOnlyList<Activity> Children => _body is null ? [] : [_body];

    protected internal override void Configure(ActivityConfigurator configurator) => _body = configurator.GetActivity("body");

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var step = await context.EvaluateAsync(Step);
        if (step == 0)
        {
            throw new InvalidOperationException("input 'step': a For loop needs a step other than 0");
        }

        context.State = new ForState(await context.EvaluateAsync(Start), step, await context.EvaluateAsync(End), await context.EvaluateAsync(OuterBoundInclusive));
        await NextAsync(context, first: true);
    }

    protected internal override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child) => NextAsync(context, first: false);

    protected internal override void WriteState(Utf8JsonWriter writer, object state)
    {
        var s = (ForState)state;
        writer.WriteStartArray();
        writer.WriteNumberValue(s.Current);
        writer.WriteNumberValue(s.Step);
        writer.WriteNumberValue(s.End);
        writer.WriteBooleanValue(s.Inclusive);
        writer.WriteEndArray();
    }

    protected internal override object? ReadState(JsonElement element) =>
        new ForState(element[0].GetDouble(), element[1].GetDouble(), element[2].GetDouble(), element[3].GetBoolean());

    private async ValueTask NextAsync(ActivityExecutionContext context, bool first)
    {
        var state = (ForState)context.State!;
        if (!first)
        {
            state.Current += state.Step;
        }

        var inRange = state.Step > 0
            ? (state.Inclusive ? state.Current <= state.End : state.Current < state.End)
            : (state.Inclusive ? state.Current >= state.End : state.Current > state.End);
        if (!inRange || _body is null)
        {
            await context.CompleteAsync();
            return;
        }

        object value = Math.Floor(state.Current) == state.Current && Math.Abs(state.Current) < int.MaxValue
            ? (int)state.Current
            : state.Current;
        context.SetOutput(CurrentValue, value, "CurrentValue");
        context.ScheduleChild(_body, value);
    }

    private sealed class ForState(double current, double step, double end, bool inclusive)
    {
        public double Current { get; set; } = current;

        public double Step { get; } = step;

        public double End { get; } = end;

        public bool Inclusive { get; } = inclusive;

        public override string ToString() => Current.ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>Ends the nearest enclosing loop.</summary>
[Activity("Elsa.Break", Category = "Looping", DisplayName = "Break", Description = "Ends the nearest enclosing loop.", Outcomes = [])]
public sealed class Break : Activity
{
    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        for (var loop = context.Parent; loop is not null; loop = loop.Parent)
        {
            if (loop.Activity is ILoopActivity)
            {
                loop.CancelChildren();
                await loop.CompleteAsync();
                return;
            }
        }

        throw new InvalidOperationException("Break is not inside a loop (ForEach, ParallelForEach, For or While)");
    }
}
