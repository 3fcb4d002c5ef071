using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>A test activity that raises an incident on purpose and completes: the run must go on.</summary>
[Activity("Test.Alarm", Category = "Test", Description = "Raises an incident and completes.")]
internal sealed class AlarmActivity : Activity
{
    public const string AlarmMessage = "nobody answered the pager";

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.RaiseIncident(AlarmMessage);
        return context.CompleteAsync();
    }
}
