using System.Collections.Concurrent;

namespace Orchestrator.Engine.Runtime;

/// <summary>One burst per instance at a time: held from loading the instance until its burst is committed.</summary>
public interface IInstanceLock
{
    ValueTask<IAsyncDisposable> AcquireAsync(string instanceId, CancellationToken cancellationToken);
}

/// <summary>
/// In-process locking, one semaphore per instance that someone holds or waits for; entries go away when the last
/// holder leaves, so they do not pile up. Enough for one process; a cluster adds a distributed lock on top.
/// </summary>
public sealed class InProcessInstanceLock : IInstanceLock
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async ValueTask<IAsyncDisposable> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        var entry = Join(instanceId);
        try
        {
            await entry.Gate.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(instanceId, entry);
            throw;
        }

        return new Release(this, instanceId, entry);
    }

    /// <summary>How many instances are locked or awaited right now (for tests and diagnostics).</summary>
    public int ActiveCount => _entries.Count;

    private Entry Join(string instanceId)
    {
        while (true)
        {
            var entry = _entries.GetOrAdd(instanceId, _ => new Entry());
            lock (entry)
            {
                if (!entry.Retired)
                {
                    entry.Users++;
                    return entry;
                }
            }
        }
    }

    private void Leave(string instanceId, Entry entry)
    {
        lock (entry)
        {
            if (--entry.Users == 0)
            {
                entry.Retired = true;
                _entries.TryRemove(new KeyValuePair<string, Entry>(instanceId, entry));
                entry.Gate.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class Release(InProcessInstanceLock owner, string instanceId, Entry entry) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                entry.Gate.Release();
                owner.Leave(instanceId, entry);
            }

            return default;
        }
    }
}
