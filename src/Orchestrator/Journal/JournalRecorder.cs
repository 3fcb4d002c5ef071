using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Journal;

/// <summary>
/// Copies each committed burst's journal into the <see cref="IJournalStore"/>. A durable committer that writes the
/// journal in the burst's own transaction makes this unnecessary; until then the journal follows the commit.
/// </summary>
internal sealed class JournalRecorder(WorkflowRuntime runtime, IJournalStore journal) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (journal.WrittenWithBursts)
        {
            return Task.CompletedTask;
        }

        runtime.BurstCommitted += Record;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        runtime.BurstCommitted -= Record;
        return Task.CompletedTask;
    }

    private void Record(RunResult result)
    {
        if (result.Changes.Journal.Count == 0)
        {
            return;
        }

        // BurstCommitted is a synchronous event raised on the burst's own path, so the append is waited for here:
        // the journal is complete by the time the request that caused the burst is answered.
        var append = journal.AppendAsync(result.Instance.Id, [.. result.Changes.Journal]);
        if (!append.IsCompletedSuccessfully)
        {
            append.AsTask().GetAwaiter().GetResult();
        }
    }
}

internal static class JournalServiceCollectionExtensions
{
    public static IServiceCollection AddJournal(this IServiceCollection services)
    {
        services.TryAddSingleton<IJournalStore, InMemoryJournalStore>();
        services.AddHostedService<JournalRecorder>();
        return services;
    }
}
