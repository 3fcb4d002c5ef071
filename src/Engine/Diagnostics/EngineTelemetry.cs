using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orchestrator.Engine.Diagnostics;

/// <summary>
/// The engine's traces and metrics, through System.Diagnostics so the engine needs no telemetry package; a host
/// subscribes by name (OpenTelemetry's AddSource / AddMeter). With no listener they cost next to nothing.
/// </summary>
public static class EngineTelemetry
{
    public const string Name = "Orchestrator.Engine";

    internal static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Bursts = Meter.CreateCounter<long>("orchestrator.engine.bursts", "{burst}", "Bursts run");

    internal static readonly Counter<long> ActivitiesExecuted = Meter.CreateCounter<long>("orchestrator.engine.activities", "{activity}", "Activity executions and resumptions");

    internal static readonly Counter<long> Incidents = Meter.CreateCounter<long>("orchestrator.engine.incidents", "{incident}", "Incidents recorded");

    internal static readonly Histogram<double> BurstDuration = Meter.CreateHistogram<double>("orchestrator.engine.burst.duration", "ms", "How long a burst ran");
}
