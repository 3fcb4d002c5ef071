using System.Text.Json;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.ControlFlow;

/// <summary>Runs <c>then</c> or <c>else</c>; completes with True or False, and Done, once the branch has run.</summary>
[Activity("Elsa.If", Category = "Branching", DisplayName = "If", Description = "Runs the then or the else branch depending on a condition.", Outcomes = ["True", "False", "Done"])]
public sealed class If : Activity
{
    private static readonly object True = true;
    private static readonly object False = false;
    private Activity? _then;
    private Activity? _else;

    [Input(Description = "The condition to evaluate.", UIHint = "code", Required = true)]
    public Input<bool> Condition { get; set; } = Input<bool>.Empty;

    public override IReadOnlyList<Activity> Children => [.. new[] { _then, _else }.OfType<Activity>()];

    protected internal override void Configure(ActivityConfigurator configurator)
    {
        _then = configurator.GetActivity("then");
        _else = configurator.GetActivity("else");
    }

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var result = await context.EvaluateAsync(Condition);
        context.State = result ? True : False;
        var branch = result ? _then : _else;
        if (branch is null)
        {
            await context.CompleteAsync(Outcomes(result));
            return;
        }

        context.ScheduleChild(branch);
    }

    protected internal override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child) =>
        context.CompleteAsync(Outcomes(context.State is true));

    protected internal override void WriteState(Utf8JsonWriter writer, object state) => writer.WriteBooleanValue(state is true);

    protected internal override object? ReadState(JsonElement element) => element.ValueKind == JsonValueKind.True ? True : False;

    private static Outcomes Outcomes(bool result) => new(result ? ["True", "Done"] : ["False", "Done"]);
}
