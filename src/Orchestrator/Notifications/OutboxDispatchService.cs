using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Notifications;

/// <summary>Wakes the dispatcher when a committed burst queued messages; knows nothing else, so the runtime can depend on it.</summary>
internal sealed class OutboxSignal : IBurstObserver
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public ChannelReader<bool> Reader => _wake.Reader;

    public ValueTask OnCommittedAsync(RunResult result, CancellationToken cancellationToken)
    {
        if (result.Changes.Outbox.Count > 0)
        {
            _wake.Writer.TryWrite(true);
        }

        return default;
    }
}

/// <summary>Runs the dispatcher after commits that queued messages, and every poll interval for messages due again.</summary>
internal sealed partial class OutboxDispatchService(OutboxDispatcher dispatcher, OutboxSignal signal, TimeProvider time, IOptions<OutboxOptions> options, ILogger<OutboxDispatchService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDispatchFailed(ex);
            }

            using var timer = new CancellationTokenSource(options.Value.PollInterval, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timer.Token);
            try
            {
                await signal.Reader.ReadAsync(either.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll interval passed: look for messages due again after back-off.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatching the outbox failed; trying again at the next poll")]
    private partial void LogDispatchFailed(Exception exception);
}
