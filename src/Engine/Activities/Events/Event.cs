using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities.Events;

/// <summary>Waits for a named event (or starts the workflow on it); its result is the event's payload.</summary>
[Activity("Elsa.Event", Category = "Events", DisplayName = "Event", Description = "Waits for a named event, or starts the workflow when it arrives.")]
public sealed class Event : Activity, ITriggerActivity
{
    public const string StimulusName = "Elsa.Event";

    [Input(Description = "The name of the event.", Required = true)]
    public Input<string> EventName { get; set; } = Input<string>.Empty;

    [Output(Description = "The payload of the event.")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    public TriggerSpec? GetTrigger() =>
        EventName.IsConstant && EventName.Constant is { } name ? new TriggerSpec(StimulusName, name, new JsonObject { ["eventName"] = name }) : null;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.IsTriggeredStart)
        {
            await CompleteWithAsync(context, context.TriggerInput);
            return;
        }

        var name = await context.EvaluateAsync(EventName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException("input 'eventName' is empty");
        }

        context.CreateBookmark(StimulusName, name, new JsonObject { ["eventName"] = name });
    }

    protected internal override ValueTask ResumeAsync(ActivityExecutionContext context) => CompleteWithAsync(context, context.ResumeInput);

    private ValueTask CompleteWithAsync(ActivityExecutionContext context, object? payload)
    {
        context.SetOutput(Result, payload);
        context.SetResult(payload);
        return context.CompleteAsync();
    }
}

/// <summary>Publishes an event after the burst is committed: it resumes waiting Event activities and starts triggered workflows.</summary>
[Activity("Elsa.PublishEvent", Category = "Events", DisplayName = "Publish event", Description = "Publishes a named event.")]
public sealed class PublishEvent : Activity
{
    [Input(Description = "The name of the event.", Required = true)]
    public Input<string> EventName { get; set; } = Input<string>.Empty;

    [Input(Description = "Only workflows with this correlation id receive it.")]
    public Input<string> CorrelationId { get; set; } = Input<string>.Empty;

    [Input(Description = "Deliver only to this workflow instance.", UIHint = "checkbox")]
    public Input<bool> IsLocal { get; set; } = Input<bool>.Empty;

    [Input(Description = "The payload.", UIHint = "json")]
    public Input<object> Payload { get; set; } = Input<object>.Empty;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var name = await context.EvaluateAsync(EventName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException("input 'eventName' is empty");
        }

        var local = await context.EvaluateAsync(IsLocal);
        context.AddPublishedEvent(new PublishedEvent(name, await context.EvaluateAsync(CorrelationId), await context.EvaluateAsync(Payload), local ? context.WorkflowInstanceId : null));
        await context.CompleteAsync();
    }
}

/// <summary>Asks for a task to be done (by people or another system) and waits until it is completed.</summary>
[Activity("Elsa.RunTask", Category = "Events", DisplayName = "Run task", Description = "Requests a task and waits for its completion.")]
public sealed class RunTask : Activity
{
    public const string StimulusName = "Elsa.RunTask";

    [Input(Description = "The name of the task.", Required = true)]
    public Input<string> TaskName { get; set; } = Input<string>.Empty;

    [Input(Description = "Data for whoever does the task.", UIHint = "json")]
    public Input<object> Payload { get; set; } = Input<object>.Empty;

    [Output(Description = "What the task completed with.")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var name = await context.EvaluateAsync(TaskName);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidOperationException("input 'taskName' is empty");
        }

        var taskId = Guid.CreateVersion7(context.TimeProvider.GetUtcNow()).ToString("N");
        var payload = await context.EvaluateAsync(Payload);
        context.AddTaskRequest(new TaskRequest(taskId, name, payload, context.WorkflowInstanceId, Id));
        context.CreateBookmark(StimulusName, taskId, new JsonObject { ["taskId"] = taskId, ["taskName"] = name });
    }

    protected internal override ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        context.SetOutput(Result, context.ResumeInput);
        context.SetResult(context.ResumeInput);
        return context.CompleteAsync();
    }
}
