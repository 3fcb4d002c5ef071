using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Engine.Values;

namespace Orchestrator.Engine.Activities.Composition;

/// <summary>Runs a published workflow as a child instance, in-process, and (optionally) waits until it finishes.</summary>
[Activity("Elsa.ExecuteWorkflow", Category = "Composition", DisplayName = "Execute workflow", Description = "Runs another published workflow as a child and waits for it.")]
public sealed class ExecuteWorkflow : Activity
{
    public const string StimulusName = "Elsa.ExecuteWorkflow";

    [Input(Description = "The definition id of the workflow to run.", Required = true)]
    public Input<string> WorkflowDefinitionId { get; set; } = Input<string>.Empty;

    [Input(Description = "Input for the child workflow (an object).", UIHint = "json")]
    public Input<object> Input { get; set; } = Input<object>.Empty;

    [Input(Description = "The child's correlation id.")]
    public Input<string> CorrelationId { get; set; } = Input<string>.Empty;

    [Input(Description = "Wait until the child finishes.", UIHint = "checkbox", DefaultValue = "true")]
    public Input<bool> WaitForCompletion { get; set; } = Input<bool>.Empty;

    [Output(Description = "{workflowInstanceId, status, subStatus, output}")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var definitionId = await context.EvaluateAsync(WorkflowDefinitionId);
        if (string.IsNullOrWhiteSpace(definitionId))
        {
            throw new InvalidOperationException("input 'workflowDefinitionId' is empty");
        }

        var invoker = context.GetService<IWorkflowInvoker>()
            ?? throw new InvalidOperationException("this host cannot run child workflows (no IWorkflowInvoker is registered)");
        var input = ToDictionary(await context.EvaluateAsync(Input));
        var result = await invoker.InvokeAsync(
            new ChildWorkflowRequest(definitionId, input, await context.EvaluateAsync(CorrelationId), context.WorkflowInstanceId),
            context.CancellationToken);
        if (result.IsFinished || !await context.EvaluateAsync(WaitForCompletion))
        {
            await CompleteWithAsync(context, result.ToJson());
            return;
        }

        context.CreateBookmark(StimulusName, result.InstanceId, new JsonObject { ["childInstanceId"] = result.InstanceId });
    }

    protected internal override ValueTask ResumeAsync(ActivityExecutionContext context) => CompleteWithAsync(context, context.ResumeInput);

    internal static Dictionary<string, object?> ToDictionary(object? input)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        switch (input)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    result[key] = ValueModel.FromJsonNode(value?.DeepClone());
                }

                break;
            case IDictionary<string, object?> dict:
                foreach (var (key, value) in dict)
                {
                    result[key] = value;
                }

                break;
            case string text when text.TrimStart().StartsWith('{'):
                return ToDictionary(JsonNode.Parse(text));
        }

        return result;
    }

    private ValueTask CompleteWithAsync(ActivityExecutionContext context, object? result)
    {
        context.SetOutput(Result, result);
        context.SetResult(result);
        return context.CompleteAsync();
    }
}

/// <summary>Starts a workflow as a separate instance after this burst is committed; optionally waits until it finishes.</summary>
[Activity("Elsa.DispatchWorkflow", Category = "Composition", DisplayName = "Dispatch workflow", Description = "Starts another workflow in the background.")]
public sealed class DispatchWorkflow : Activity
{
    public const string StimulusName = "Elsa.DispatchWorkflow";

    [Input(Description = "The definition id of the workflow to start.", Required = true)]
    public Input<string> WorkflowDefinitionId { get; set; } = Input<string>.Empty;

    [Input(Description = "Input for the child workflow (an object).", UIHint = "json")]
    public Input<object> Input { get; set; } = Input<object>.Empty;

    [Input(Description = "The child's correlation id.")]
    public Input<string> CorrelationId { get; set; } = Input<string>.Empty;

    [Input(Description = "Wait until the child finishes.", UIHint = "checkbox")]
    public Input<bool> WaitForCompletion { get; set; } = Input<bool>.Empty;

    [Output(Description = "{workflowInstanceId, status, subStatus, output} when waiting; else the child instance id.")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var definitionId = await context.EvaluateAsync(WorkflowDefinitionId);
        if (string.IsNullOrWhiteSpace(definitionId))
        {
            throw new InvalidOperationException("input 'workflowDefinitionId' is empty");
        }

        var wait = await context.EvaluateAsync(WaitForCompletion);
        var childId = Guid.CreateVersion7(context.TimeProvider.GetUtcNow()).ToString("N");
        context.AddDispatch(new DispatchRequest(
            childId,
            definitionId,
            ExecuteWorkflow.ToDictionary(await context.EvaluateAsync(Input)),
            await context.EvaluateAsync(CorrelationId),
            context.WorkflowInstanceId,
            wait));
        if (wait)
        {
            context.CreateBookmark(StimulusName, childId, new JsonObject { ["childInstanceId"] = childId });
            return;
        }

        context.SetOutput(Result, childId);
        await context.CompleteAsync();
    }

    protected internal override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.SetOutput(Result, context.ResumeInput);
        context.SetResult(context.ResumeInput);
        return context.CompleteAsync();
    }
}
