using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Primitives;

[Activity("Elsa.SetVariable", Category = "Primitives", DisplayName = "Set variable", Description = "Sets a workflow variable.")]
public sealed class SetVariable : Activity
{
    public VariableSlot? Variable { get; private set; }

    [Input(Description = "The value to assign.", UIHint = "singleline")]
    public Input<object> Value { get; set; } = Input<object>.Empty;

    protected internal override void Configure(ActivityConfigurator configurator) =>
        Variable = configurator.ResolveVariable("variable", Definitions.JsonRead.TryGet(configurator.Json, "variable", out var node) ? node : null);

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var slot = Variable ?? throw new InvalidOperationException("input 'variable': no declared variable is referenced");
        var value = await context.EvaluateAsync(Value);
        try
        {
            context.SetVariable(slot, value);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"variable '{slot.Name}' ({slot.Definition.TypeName}): {ex.Message}", ex);
        }

        await context.CompleteAsync();
    }
}

[Activity("Elsa.SetName", Category = "Primitives", DisplayName = "Set name", Description = "Sets the name of the workflow instance.")]
public sealed class SetName : Activity
{
    [Input(Description = "The instance name.", Required = true)]
    public Input<string> Value { get; set; } = Input<string>.Empty;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.WorkflowInstanceName = await context.EvaluateAsync(Value);
        await context.CompleteAsync();
    }
}

[Activity("Elsa.Correlate", Category = "Primitives", DisplayName = "Correlate", Description = "Sets the correlation id of the workflow instance.")]
public sealed class Correlate : Activity
{
    [Input(Description = "The correlation id.", Required = true)]
    public Input<string> CorrelationId { get; set; } = Input<string>.Empty;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.CorrelationId = await context.EvaluateAsync(CorrelationId);
        await context.CompleteAsync();
    }
}

[Activity("Elsa.SetOutput", Category = "Primitives", DisplayName = "Set output", Description = "Sets an output of the workflow.")]
public sealed class SetOutput : Activity
{
    [Input(Description = "The name of the workflow output.", Required = true)]
    public Input<string> OutputName { get; set; } = Input<string>.Empty;

    [Input(Description = "The value.")]
    public Input<object> OutputValue { get; set; } = Input<object>.Empty;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var name = await context.EvaluateAsync(OutputName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException("input 'outputName' is empty");
        }

        context.SetWorkflowOutput(name, await context.EvaluateAsync(OutputValue));
        await context.CompleteAsync();
    }
}
