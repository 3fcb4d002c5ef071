using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orchestrator.Engine.Diagnostics;

namespace Orchestrator.Telemetry;

/// <summary>The host's own metrics: commits and their batching, timers fired, stimuli received.</summary>
internal static class HostTelemetry
{
    public const string Name = "Orchestrator";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> BurstsCommitted = Meter.CreateCounter<long>("orchestrator.commits.bursts", "{burst}", "Bursts committed to the database");

    public static readonly Histogram<long> CommitBatchSize = Meter.CreateHistogram<long>("orchestrator.commits.batch_size", "{burst}", "Bursts sharing one database transaction (group commit)");

    public static readonly Counter<long> CommitConflicts = Meter.CreateCounter<long>("orchestrator.commits.conflicts", "{burst}", "Bursts rejected because another burst committed the instance first");

    public static readonly Counter<long> CommitIsolatedRetries = Meter.CreateCounter<long>("orchestrator.commits.isolated_retries", "{batch}", "Batches written again with a savepoint per burst, after a write failed in the shared transaction");

    public static readonly Counter<long> TimersFired = Meter.CreateCounter<long>("orchestrator.timers.fired", "{timer}", "Timer bookmarks resumed");

    public static readonly Counter<long> StimuliReceived = Meter.CreateCounter<long>("orchestrator.stimuli.received", "{stimulus}", "Events and task completions accepted into the inbox");

    /// <summary>
    /// Traces and metrics of the engine, the host and ASP.NET Core through OpenTelemetry; exported over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OpenTelemetry variables configure the rest).
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("orchestrator"))
            .WithTracing(tracing => tracing.AddSource(EngineTelemetry.Name).AddAspNetCoreInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(EngineTelemetry.Name, Name).AddAspNetCoreInstrumentation());
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.UseOtlpExporter();
        }

        return services;
    }
}
