using Quartz;

namespace Orchestrator.Scheduling;

/// <summary>What every scheduled start fires; the trigger's key says which start trigger it is.</summary>
internal sealed class StartWorkflowJob(WorkflowStartSchedule schedule) : IJob
{
    public static readonly JobKey Key = new("start-workflow", WorkflowStartSchedule.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await schedule.FireAsync(context.Trigger.Key, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, cancellationToken);
}
