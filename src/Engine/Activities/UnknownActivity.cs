using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Activities;

/// <summary>
/// Stands in for an activity type this runtime does not know. Its JSON and connections are kept, so the
/// definition exports unchanged; a run that reaches it records an incident.
/// </summary>
public sealed class UnknownActivity : Activity
{
    public override IReadOnlyCollection<string>? DynamicOutcomes => null;

    protected internal override ValueTask ExecuteAsync(ActivityExecutionContext context) =>
        throw new InvalidOperationException($"activity type '{Type}' (version {TypeVersion}) is not registered in this runtime");
}
