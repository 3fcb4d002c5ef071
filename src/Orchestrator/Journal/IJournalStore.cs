using System.Collections.Concurrent;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Journal;

/// <summary>What ran in each workflow instance, burst after burst.</summary>
internal interface IJournalStore
{
    /// <summary>Adds one burst's entries; an entry whose sequence the instance already has is ignored.</summary>
    ValueTask AppendAsync(string instanceId, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The instance's entries in sequence order; empty when it has none.</summary>
    ValueTask<IReadOnlyList<JournalEntry>> ListAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>True when the burst committer writes the journal in each burst's own transaction, so nothing needs copying after it.</summary>
    bool WrittenWithBursts => false;
}

internal sealed class InMemoryJournalStore : IJournalStore
{
    private readonly ConcurrentDictionary<string, SortedList<long, JournalEntry>> _journals = new(StringComparer.Ordinal);

    public ValueTask AppendAsync(string instanceId, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        var journal = _journals.GetOrAdd(instanceId, _ => []);
        lock (journal)
        {
            foreach (var entry in entries)
            {
                journal.TryAdd(entry.Sequence, entry);
            }
        }

        return default;
    }

    public ValueTask<IReadOnlyList<JournalEntry>> ListAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        if (!_journals.TryGetValue(instanceId, out var journal))
        {
            return new([]);
        }

        lock (journal)
        {
            return new([.. journal.Values]);
        }
    }
}
