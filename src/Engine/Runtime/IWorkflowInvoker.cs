using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Engine.Runtime;

/// <summary>Runs a child workflow in-process for <c>Elsa.ExecuteWorkflow</c>.</summary>
public interface IWorkflowInvoker
{
    ValueTask<ChildWorkflowResult> InvokeAsync(ChildWorkflowRequest request, CancellationToken cancellationToken);
}

public sealed record ChildWorkflowRequest(string DefinitionId, IReadOnlyDictionary<string, object?> Input, string? CorrelationId, string ParentInstanceId);

/// <summary>How a child run stands, as the parent sees it.</summary>
public sealed record ChildWorkflowResult(string InstanceId, WorkflowStatus Status, WorkflowSubStatus SubStatus, IReadOnlyDictionary<string, object?> Output)
{
    public bool IsFinished => Status == WorkflowStatus.Finished;

    /// <summary>The result an ExecuteWorkflow activity exposes: <c>{workflowInstanceId, status, subStatus, output}</c>.</summary>
    public JsonObject ToJson()
    {
        var output = new JsonObject();
        foreach (var (key, value) in Output)
        {
            output[key] = ValueModel.ToJsonNode(value);
        }

        return new JsonObject
        {
            ["workflowInstanceId"] = InstanceId,
            ["status"] = Status.ToString(),
            ["subStatus"] = SubStatus.ToString(),
            ["output"] = output,
        };
    }
}
