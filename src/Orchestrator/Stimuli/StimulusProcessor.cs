using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orchestrator.Activities.Tasks;
using Orchestrator.Engine.Runtime;
using Orchestrator.Engine.Values;

namespace Orchestrator.Stimuli;

/// <summary>How a stimulus was taken: delivered to at least one run, kept for later because nothing waits for it yet, or a repeat.</summary>
internal enum StimulusOutcome
{
    Delivered,
    Pending,
    Duplicate,
}

internal sealed record StimulusReceipt(string StimulusId, StimulusOutcome Outcome);

/// <summary>
/// Takes stimuli in: writes each to the inbox (a repeated dedupe key stops there), then delivers it to the runtime.
/// A stimulus that reaches no run stays undelivered and is tried again when a bookmark it could resume appears,
/// within <see cref="StimuliOptions.RedeliveryWindow"/>; so an event that overtakes the commit of its bookmark is not lost.
/// </summary>
internal sealed class StimulusProcessor(IStimulusInbox inbox, WorkflowRuntime runtime, TimeProvider time, IOptions<StimuliOptions> options)
{
    // Delivery of one stimulus is serialised so the request that brought it and a redelivery never both deliver it.
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task<StimulusReceipt> AcceptAsync(StimulusKind kind, string name, string? correlationId, JsonNode? payload, string? dedupeKey)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        var key = kind switch
        {
            StimulusKind.Event => $"event\n{name}\n{dedupeKey ?? id}",
            StimulusKind.HumanTask => $"human-task\n{name}\n{dedupeKey ?? id}",
            _ => $"task\n{name}",
        };
        var stored = await inbox.AddOrGetAsync(new Stimulus(id, kind, name, correlationId, payload?.DeepClone(), key, now));
        if (stored.Id != id)
        {
            return new StimulusReceipt(stored.Id, StimulusOutcome.Duplicate);
        }

        Telemetry.HostTelemetry.StimuliReceived.Add(1, new KeyValuePair<string, object?>("stimulus.kind", kind.ToString()));

        return new StimulusReceipt(id, await DeliverAsync(stored) ? StimulusOutcome.Delivered : StimulusOutcome.Pending);
    }

    /// <summary>Tries again the undelivered stimuli of one kind and name still inside the window.</summary>
    public async Task RedeliverAsync(StimulusKind kind, string name)
    {
        foreach (var stimulus in await inbox.FindUndeliveredAsync(kind, name, WindowStart()))
        {
            await DeliverAsync(stimulus);
        }
    }

    /// <summary>Tries again every undelivered stimulus inside the window (at start-up, after a crash between inbox and delivery).</summary>
    public async Task RedeliverAllAsync()
    {
        foreach (var stimulus in await inbox.ListUndeliveredAsync(WindowStart()))
        {
            await DeliverAsync(stimulus);
        }
    }

    private DateTimeOffset WindowStart() => time.GetUtcNow() - options.Value.RedeliveryWindow;

    // No cancellation token on purpose: a stimulus taken into the inbox is delivered whole, whether or not its sender waits.
    private async Task<bool> DeliverAsync(Stimulus stimulus)
    {
        var gate = _stripes[(StringComparer.Ordinal.GetHashCode(stimulus.Id) & int.MaxValue) % _stripes.Length];
        await gate.WaitAsync();
        try
        {
            if (await inbox.FindAsync(stimulus.Id) is not { DeliveredAt: null })
            {
                return true;
            }

            var payload = ValueModel.FromJsonNode(stimulus.Payload?.DeepClone());
            var runs = stimulus.Kind switch
            {
                StimulusKind.Event => await runtime.PublishEventAsync(stimulus.Name, stimulus.CorrelationId, payload),
                StimulusKind.HumanTask => await runtime.DeliverAsync(TaskStimulus.Name, stimulus.Name, null, payload),
                _ => await runtime.CompleteTaskAsync(stimulus.Name, payload),
            };
            if (runs.Count == 0)
            {
                return false;
            }

            await inbox.MarkDeliveredAsync(stimulus.Id, time.GetUtcNow());
            return true;
        }
        finally
        {
            gate.Release();
        }
    }
}
