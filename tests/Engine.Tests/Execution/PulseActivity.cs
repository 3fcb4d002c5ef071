using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>
/// A test activity that waits on a "Test.Pulse" bookmark; each stimulus "tick" fires its Tick port while it keeps
/// running, "stop" completes it with Done.
/// </summary>
[Activity("Test.Pulse", Category = "Test", Description = "Fires Tick on each stimulus without completing.", Outcomes = ["Tick", "Done"])]
internal sealed class PulseActivity : Activity
{
    public const string StimulusName = "Test.Pulse";

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        context.CreateBookmark(StimulusName, "pulse");
        return default;
    }

    protected internal override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        if (context.ResumeInput as string == "stop")
        {
            await context.CompleteAsync();
            return;
        }

        await context.FireOutcomeAsync("Tick");
        context.CreateBookmark(StimulusName, "pulse");
    }
}
