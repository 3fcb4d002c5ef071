using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>Counts executions of <see cref="FlakyActivity"/>; registered per harness so tests never share it.</summary>
internal sealed class FlakyCounter
{
    public int Attempts { get; set; }
}

/// <summary>A test activity that fails on its first execution and succeeds on every later one.</summary>
[Activity("Test.Flaky", Category = "Test", Description = "Fails once, then succeeds.")]
internal sealed class FlakyActivity : Activity
{
    public const string FailureMessage = "the CRM timed out";

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var counter = context.GetRequiredService<FlakyCounter>();
        counter.Attempts++;
        if (counter.Attempts == 1)
        {
            throw new TimeoutException(FailureMessage);
        }

        return context.CompleteAsync();
    }
}
