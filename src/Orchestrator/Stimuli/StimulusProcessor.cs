using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orchestrator.Activities.Tickets;
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

    // Names bookmark stimuli have been taken for: only bookmarks with these names can be waiting for an early one.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _bookmarkNames = new(StringComparer.Ordinal);

    /// <summary>Whether a new bookmark with this name could be the one an undelivered bookmark stimulus waits for.</summary>
    public bool IsBookmarkStimulusName(string name) => _bookmarkNames.ContainsKey(name);

    /// <summary>Marks a stimulus name as used by bookmark stimuli (modules that send them register theirs at start).</summary>
    public void RegisterBookmarkStimulusName(string name) => _bookmarkNames.TryAdd(name, 0);

    public async Task<StimulusReceipt> AcceptAsync(StimulusKind kind, string name, string? correlationId, JsonNode? payload, string? dedupeKey, string? bookmarkKey = null)
    {
        var (stored, isNew) = await StoreAsync(kind, name, correlationId, payload, dedupeKey, bookmarkKey);
        if (!isNew)
        {
            return new StimulusReceipt(stored.Id, StimulusOutcome.Duplicate);
        }

        return new StimulusReceipt(stored.Id, await DeliverAsync(stored) ? StimulusOutcome.Delivered : StimulusOutcome.Pending);
    }

    /// <summary>Writes a stimulus to the inbox without delivering it; false when its dedupe key was seen before (the stored one is returned).</summary>
    public async Task<(Stimulus Stored, bool IsNew)> StoreAsync(StimulusKind kind, string name, string? correlationId, JsonNode? payload, string? dedupeKey, string? key = null)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString("N");
        var dedupe = kind switch
        {
            StimulusKind.Event => $"event\n{name}\n{dedupeKey ?? id}",
            StimulusKind.Bookmark => $"bookmark\n{name}\n{key}\n{dedupeKey ?? id}",
            StimulusKind.TicketEvent => $"ticket\n{dedupeKey ?? id}",
            _ => $"task\n{name}",
        };
        if (kind == StimulusKind.Bookmark)
        {
            _bookmarkNames.TryAdd(name, 0);
        }

        var stored = await inbox.AddOrGetAsync(new Stimulus(id, kind, name, correlationId, payload?.DeepClone(), dedupe, now) { Key = key });
        if (stored.Id != id)
        {
            return (stored, false);
        }

        Telemetry.HostTelemetry.StimuliReceived.Add(1, new KeyValuePair<string, object?>("stimulus.kind", kind.ToString()));
        return (stored, true);
    }

    /// <summary>Tries again the undelivered stimuli of one kind and name (and key) still inside the window.</summary>
    public async Task RedeliverAsync(StimulusKind kind, string name, string? key = null)
    {
        foreach (var stimulus in await inbox.FindUndeliveredAsync(kind, name, WindowStart(), key))
        {
            await DeliverAsync(stimulus);
        }
    }

    /// <summary>
    /// At start-up: delivers every stimulus a stopped process took in and never tried (a crash or a stop between the 202
    /// and the delivery), however old, and tries again the ones that found nothing waiting and are still inside the window.
    /// </summary>
    public async Task RedeliverAllAsync()
    {
        foreach (var stimulus in await inbox.ListUndeliveredAsync(WindowStart()))
        {
            if (stimulus.Kind == StimulusKind.Bookmark)
            {
                _bookmarkNames.TryAdd(stimulus.Name, 0);
            }

            await DeliverAsync(stimulus);
        }
    }

    private async Task<IReadOnlyList<Engine.Execution.RunResult>> DeliverTicketEventAsync(Stimulus stimulus, object? payload)
    {
        // Waiting runs first: a workflow the event starts must not also receive it as a later event on its own ticket.
        var resumed = await runtime.DeliverAsync(TicketStimuli.Event, stimulus.Key ?? string.Empty, null, payload);
        var started = await runtime.DeliverAsync(TicketStimuli.Trigger, stimulus.Name, stimulus.Key, payload);
        return [.. resumed, .. started];
    }

    private DateTimeOffset WindowStart() => time.GetUtcNow() - options.Value.RedeliveryWindow;

    /// <summary>
    /// Delivers a stored stimulus unless it has been delivered; true when it reached at least one run. No cancellation token
    /// on purpose: a stimulus taken into the inbox is delivered whole, whether or not its sender waits.
    /// </summary>
    public async Task<bool> DeliverAsync(Stimulus stimulus)
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
                StimulusKind.Bookmark => await runtime.DeliverAsync(stimulus.Name, stimulus.Key ?? string.Empty, stimulus.CorrelationId, payload),
                StimulusKind.TicketEvent => await DeliverTicketEventAsync(stimulus, payload),
                _ => await runtime.CompleteTaskAsync(stimulus.Name, payload),
            };
            if (runs.Count == 0)
            {
                // Tried and found nothing waiting: the redelivery window starts to count. One never tried (its process
                // stopped first) is delivered at the next start however old it is.
                await inbox.MarkAttemptedAsync(stimulus.Id);
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
