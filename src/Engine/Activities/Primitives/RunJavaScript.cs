using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Expressions;

namespace Orchestrator.Engine.Activities.Primitives;

/// <summary>Runs a script in the sandbox; <c>setOutcome(s)</c> picks the ports, the script's value is the result.</summary>
[Activity("Elsa.RunJavaScript", Category = "Scripting", DisplayName = "Run JavaScript", Description = "Runs a JavaScript script in the sandbox.")]
[DynamicOutcomes]
public sealed class RunJavaScript : Activity
{
    private CompiledExpression? _script;

    [Output(Description = "The value of the script.")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    protected internal override void Configure(ActivityConfigurator configurator)
    {
        var (_, value) = ActivityConfigurator.ReadExpression(Definitions.JsonRead.TryGet(configurator.Json, "script", out var node) ? node : null);
        var source = Values.ValueModel.ToText(value);
        if (string.IsNullOrWhiteSpace(source))
        {
            configurator.Report("script", "required input is missing");
            return;
        }

        _script = configurator.CompileExpression("script", "JavaScript", source);
    }

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (_script is null)
        {
            throw new InvalidOperationException("input 'script' is empty");
        }

        object? result;
        try
        {
            result = await _script.EvaluateAsync(context);
        }
        catch (ExpressionException ex)
        {
            throw new InputEvaluationException("script", ex.Message, ex);
        }

        context.SetOutput(Result, result);
        context.SetResult(result);
        await context.CompleteAsync(context.RequestedOutcomes is { Count: > 0 } outcomes ? new Outcomes(outcomes) : Outcomes.Done);
    }
}
