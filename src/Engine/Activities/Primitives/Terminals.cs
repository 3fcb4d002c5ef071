using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Primitives;

[Activity("Elsa.Start", Category = "Primitives", DisplayName = "Start", Description = "Where a flowchart starts.")]
public sealed class Start : Activity
{
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) => context.CompleteAsync();
}

/// <summary>Ends the flowchart it stands in: pending work in that flowchart is cancelled.</summary>
[Activity("Elsa.End", Category = "Primitives", DisplayName = "End", Description = "Ends the flowchart it stands in.", Outcomes = [])]
public sealed class End : Activity
{
    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var parent = context.Parent;
        await context.CompleteAsync(Outcomes.None);
        if (parent is { Status: ActivityStatus.Running } && parent.Activity is Flowchart.Flowchart)
        {
            parent.CancelChildren();
            await parent.CompleteAsync();
        }
    }
}

/// <summary>Completes the workflow at once; everything still pending is cancelled.</summary>
[Activity("Elsa.Finish", Category = "Primitives", DisplayName = "Finish", Description = "Finishes the workflow.", Outcomes = [])]
public sealed class Finish : Activity
{
    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) => context.CompleteScopeAsync(Outcomes.Done, wholeWorkflow: true);
}

/// <summary>Completes the enclosing workflow with outcomes; in a workflow used as an activity, they become that activity's ports.</summary>
[Activity("Elsa.Complete", Category = "Primitives", DisplayName = "Complete", Description = "Completes the workflow (or the workflow used as an activity) with outcomes.", Outcomes = [])]
public sealed class Complete : Activity
{
    [Input(Description = "The outcomes to complete with.", UIHint = "json", DefaultValue = "[\"Done\"]")]
    public Input<string[]> Outcomes { get; set; } = Input<string[]>.Empty;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var outcomes = await context.EvaluateAsync(Outcomes);
        await context.CompleteScopeAsync(outcomes is { Length: > 0 } ? new Activities.Outcomes(outcomes) : Activities.Outcomes.Done);
    }
}

/// <summary>Faults the workflow with a code and a message.</summary>
[Activity("Elsa.Fault", Category = "Primitives", DisplayName = "Fault", Description = "Faults the workflow with a code and a message.", Outcomes = [])]
public sealed class Fault : Activity
{
    [Input(Description = "A code for the fault.")]
    public Input<string> Code { get; set; } = Input<string>.Empty;

    [Input(Description = "What went wrong.", Required = true)]
    public Input<string> Message { get; set; } = Input<string>.Empty;

    [Input(Description = "A category for the fault.")]
    public Input<string> Category { get; set; } = Input<string>.Empty;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var code = await context.EvaluateAsync(Code);
        var message = await context.EvaluateAsync(Message) ?? "faulted";
        throw new WorkflowFaultException(code, await context.EvaluateAsync(Category), code is null ? message : $"{message} (code {code})");
    }
}

/// <summary>Raised by <c>Elsa.Fault</c>.</summary>
public sealed class WorkflowFaultException : Exception
{
    public WorkflowFaultException(string? code, string? category, string message)
        : base(message)
    {
        Code = code;
        Category = category;
    }

    public WorkflowFaultException()
    {
    }

    public WorkflowFaultException(string message)
        : base(message)
    {
    }

    public WorkflowFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? Code { get; }

    public string? Category { get; }
}
