namespace Orchestrator.Engine.Activities.ControlFlow;

/// <summary>A loop that <c>Elsa.Break</c> ends.</summary>
public interface ILoopActivity
{
}
