using Orchestrator.Engine.Compilation;

namespace Orchestrator;

/// <summary>The activity types this product runs: the engine's built-ins, the domain activities and the host's HTTP activities.</summary>
internal static class EngineSetup
{
    public static ActivityRegistry CreateActivityRegistry() =>
        ActivityRegistry.CreateDefault().RegisterAssembly(typeof(Activities.ActivitiesAssembly).Assembly).RegisterAssembly(typeof(EngineSetup).Assembly);
}
