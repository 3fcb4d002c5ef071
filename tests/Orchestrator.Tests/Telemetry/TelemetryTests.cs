using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orchestrator.Engine.Diagnostics;
using Orchestrator.Telemetry;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Telemetry;

/// <summary>A run through the API shows up as a burst span and in the engine's and host's metrics.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Run_ThroughApi_EmitsBurstSpanAndMetrics()
    {
        var definitionId = $"telemetry-{Guid.NewGuid():N}";
        var spans = new ConcurrentBag<Activity>();
        var measurements = new ConcurrentBag<(string Instrument, long Value, string? Definition)>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EngineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name is EngineTelemetry.Name or HostTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? definition = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "workflow.definition_id")
                {
                    definition = tag.Value as string;
                }
            }

            measurements.Add((instrument.Name, value, definition));
        });
        meters.Start();

        using var factory = new ApiFactory();
        using var client = factory.Client();
        await client.SaveAsync(Flows.Chain(definitionId, "Telemetry", [Flows.WriteLine("a", "one"), Flows.WriteLine("b", "two")]), publish: true);
        await client.StartRunAsync(definitionId);

        var burst = spans.ShouldHaveSingleItem(s => Equals(s.GetTagItem("workflow.definition_id"), definitionId));
        burst.DisplayName.ShouldBe("workflow burst");
        burst.GetTagItem("workflow.sub_status").ShouldBe("Finished");
        measurements.ShouldContain(m => m.Instrument == "orchestrator.engine.bursts" && m.Definition == definitionId && m.Value == 1);
        measurements.ShouldContain(m => m.Instrument == "orchestrator.engine.activities" && m.Definition == definitionId && m.Value == 3);
        measurements.ShouldContain(m => m.Instrument == "orchestrator.commits.batch_size" && m.Value >= 1);
        measurements.ShouldContain(m => m.Instrument == "orchestrator.commits.bursts");
    }
}

internal static class SpanExtensions
{
    public static Activity ShouldHaveSingleItem(this IEnumerable<Activity> spans, Func<Activity, bool> match) =>
        spans.Where(match).ToList().ShouldHaveSingleItem();
}
