using System.Threading.Channels;
using Orchestrator.Incidents;
using Orchestrator.Stimuli;

namespace Orchestrator.Webhooks;

/// <summary>
/// Delivers stored ticket events after the webhook has been answered. Events are spread over a few lanes by ticket, so
/// one ticket's events run in the order they arrived while different tickets run side by side. An event whose process
/// dies before delivery is still in the inbox and is redelivered at start-up.
/// </summary>
internal sealed partial class TicketEventDelivery(StimulusProcessor processor, TicketIncidentRule incidents, ILogger<TicketEventDelivery> logger) : BackgroundService
{
    private const int Lanes = 16;

    private readonly Channel<Stimulus>[] _lanes = [.. Enumerable.Range(0, Lanes).Select(_ => Channel.CreateUnbounded<Stimulus>(new UnboundedChannelOptions { SingleReader = true }))];
    private long _pending;

    /// <summary>Raised after each delivery attempt, with the number of events still queued.</summary>
    public event Action<long>? Delivered;

    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Completes when no event is queued or being delivered.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnDelivered(long pending)
        {
            if (pending == 0)
            {
                idle.TrySetResult();
            }
        }

        Delivered += OnDelivered;
        try
        {
            if (Pending == 0)
            {
                return;
            }

            await idle.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Delivered -= OnDelivered;
        }
    }

    public void Enqueue(Stimulus stimulus)
    {
        Interlocked.Increment(ref _pending);
        var lane = (StringComparer.Ordinal.GetHashCode(stimulus.Key ?? string.Empty) & int.MaxValue) % Lanes;
        if (!_lanes[lane].Writer.TryWrite(stimulus))
        {
            // Shutting down: the event stays undelivered in the inbox and start-up redelivery takes it.
            Interlocked.Decrement(ref _pending);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }

        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => Task.Run(() => DrainAsync(lane.Reader, stoppingToken), stoppingToken)));

    private async Task DrainAsync(ChannelReader<Stimulus> lane, CancellationToken stoppingToken)
    {
        await foreach (var stimulus in lane.ReadAllAsync(stoppingToken))
        {
            try
            {
                await processor.DeliverAsync(stimulus);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDeliveryFailed(stimulus.Id, stimulus.Key, ex);
            }

            try
            {
                // After the workflows have the event: a P1 outage or security ticket declares its incident (once per ticket).
                await incidents.ApplyAsync(stimulus.Payload, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogIncidentRuleFailed(stimulus.Key, ex);
            }
            finally
            {
                // Decrement first: a null-conditional call would skip evaluating its argument when nobody listens.
                var pending = Interlocked.Decrement(ref _pending);
                Delivered?.Invoke(pending);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Declaring the incident for ticket {TicketId} failed; declare it with POST /api/incidents")]
    private partial void LogIncidentRuleFailed(string? ticketId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering ticket event {StimulusId} for {TicketId} failed; it stays in the inbox")]
    private partial void LogDeliveryFailed(string stimulusId, string? ticketId, Exception exception);
}
