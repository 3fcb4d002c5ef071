using System.Threading.Channels;
using Orchestrator.Engine.Activities.Events;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Stimuli;

/// <summary>
/// Watches committed bursts for new event, task, ticket and domain bookmarks and hands their names to
/// <see cref="StimulusProcessor.RedeliverAsync"/>, so stimuli that arrived before the bookmark reach it. At start-up it
/// retries whatever the inbox holds undelivered.
/// </summary>
internal sealed partial class StimulusRedelivery(WorkflowRuntime runtime, StimulusProcessor processor, ILogger<StimulusRedelivery> logger) : BackgroundService
{
    private readonly Channel<(StimulusKind Kind, string Name, string? Key)> _waiting = Channel.CreateUnbounded<(StimulusKind, string, string?)>(new UnboundedChannelOptions { SingleReader = true });

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        runtime.BurstCommitted += Watch;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        runtime.BurstCommitted -= Watch;
        _waiting.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RetryAsync(processor.RedeliverAllAsync);
        await foreach (var (kind, name, key) in _waiting.Reader.ReadAllAsync(stoppingToken))
        {
            await RetryAsync(() => processor.RedeliverAsync(kind, name, key));
        }
    }

    private async Task RetryAsync(Func<Task> redeliver)
    {
        try
        {
            await redeliver();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRedeliveryFailed(ex);
        }
    }

    private void Watch(RunResult result)
    {
        foreach (var bookmark in result.Changes.BookmarksAdded)
        {
            if (bookmark.Key is not { } key)
            {
                continue;
            }

            if (bookmark.Name == Event.StimulusName)
            {
                _waiting.Writer.TryWrite((StimulusKind.Event, key, null));
            }
            else if (bookmark.Name == RunTask.StimulusName)
            {
                _waiting.Writer.TryWrite((StimulusKind.TaskCompletion, key, null));
            }
            else if (bookmark.Name == Activities.Tickets.TicketStimuli.Event)
            {
                _waiting.Writer.TryWrite((StimulusKind.TicketEvent, string.Empty, key));
            }
            else if (processor.IsBookmarkStimulusName(bookmark.Name))
            {
                _waiting.Writer.TryWrite((StimulusKind.Bookmark, bookmark.Name, key));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Redelivering stimuli failed; they stay in the inbox")]
    private partial void LogRedeliveryFailed(Exception exception);
}
