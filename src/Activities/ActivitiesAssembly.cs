namespace Orchestrator.Activities;

/// <summary>Marks this assembly, so hosts can register its activities.</summary>
public static class ActivitiesAssembly
{
}
