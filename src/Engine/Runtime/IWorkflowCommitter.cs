using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Runtime;

/// <summary>
/// Makes a burst's result durable: the new instance state with its bookmark diff, journal, incidents and
/// outbox, all or nothing. Follow-up work (published events, dispatched workflows, parents waiting on a child)
/// starts only after it returns.
/// </summary>
public interface IWorkflowCommitter
{
    ValueTask CommitAsync(RunResult result, CancellationToken cancellationToken);
}

/// <summary>Commits into the stores one after the other; right for the in-memory stores, which cannot fail halfway.</summary>
public sealed class StoreCommitter(IWorkflowInstanceStore instances, IBookmarkStore bookmarks) : IWorkflowCommitter
{
    public async ValueTask CommitAsync(RunResult result, CancellationToken cancellationToken)
    {
        await instances.SaveAsync(result.Instance, cancellationToken);
        await bookmarks.ApplyAsync(result.Changes.BookmarksAdded, result.Changes.BookmarksRemoved, cancellationToken);
    }
}

/// <summary>Told of every committed burst, before follow-up work starts: sets alarms for timer requests, feeds projections.</summary>
public interface IBurstObserver
{
    ValueTask OnCommittedAsync(RunResult result, CancellationToken cancellationToken);
}
