using System.Text.Json.Nodes;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Flowchart;

[Activity("Elsa.FlowSwitch", Category = "Branching", DisplayName = "Switch", Description = "Takes the port of the first (or every) case whose condition holds, else Default.")]
[DynamicOutcomes]
public sealed class FlowSwitch : Activity
{
    private SwitchCase[] _cases = [];

    [Input(Description = "MatchFirst takes the first matching case; MatchAny takes every matching case.", UIHint = "dropdown", Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst")]
    public Input<SwitchMode> Mode { get; set; } = Input<SwitchMode>.Empty;

    public IReadOnlyList<SwitchCase> Cases => _cases;

    public override IReadOnlyCollection<string>? DynamicOutcomes => [.. _cases.Select(c => c.Label), "Default"];

    protected internal override void Configure(ActivityConfigurator configurator) => _cases = SwitchCase.Read(configurator, withActivities: false);

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var mode = await context.EvaluateAsync(Mode);
        var matched = new List<string>();
        foreach (var @case in _cases)
        {
            if (await context.EvaluateAsync(@case.Condition))
            {
                matched.Add(@case.Label);
                if (mode == SwitchMode.MatchFirst)
                {
                    break;
                }
            }
        }

        await context.CompleteAsync(matched.Count == 0 ? new Outcomes("Default") : new Outcomes(matched));
    }
}

public enum SwitchMode
{
    MatchFirst,
    MatchAny,
}

/// <summary>A case of a switch: a label, a condition and, for the structured Switch, the activity it runs.</summary>
public sealed class SwitchCase
{
    public required string Label { get; init; }

    public required Input<bool> Condition { get; init; }

    public Activity? Activity { get; init; }

    internal static SwitchCase[] Read(ActivityConfigurator configurator, bool withActivities)
    {
        if (configurator.Json["cases"] is not JsonArray array)
        {
            return [];
        }

        var result = new List<SwitchCase>();
        var index = 0;
        foreach (var item in array.OfType<JsonObject>())
        {
            index++;
            var label = JsonRead.GetString(item, "label") ?? $"Case {index}";
            var condition = configurator.ReadInput<bool>($"cases[{index - 1}].condition", item["condition"]);
            Activity? activity = null;
            if (withActivities && item["activity"] is JsonObject activityJson)
            {
                activity = configurator.CompileChild(activityJson);
            }

            result.Add(new SwitchCase { Label = label, Condition = condition, Activity = activity });
        }

        return [.. result];
    }
}
