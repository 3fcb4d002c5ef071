namespace Orchestrator.Stimuli;

/// <summary>Stimuli written before they are processed, unique by dedupe key, so a repeat is recognised and an early one is not lost.</summary>
internal interface IStimulusInbox
{
    /// <summary>Stores the stimulus unless one with the same <see cref="Stimulus.DedupeKey"/> is stored; returns the one that is.</summary>
    ValueTask<Stimulus> AddOrGetAsync(Stimulus stimulus, CancellationToken cancellationToken = default);

    ValueTask<Stimulus?> FindAsync(string id, CancellationToken cancellationToken = default);

    ValueTask MarkDeliveredAsync(string id, DateTimeOffset deliveredAt, CancellationToken cancellationToken = default);

    /// <summary>Records a delivery attempt that reached no run: from then on only the redelivery window keeps the stimulus alive.</summary>
    ValueTask MarkAttemptedAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Stimuli of one kind and name (any name when empty; and key, when given) that have reached no run yet, received at or after <paramref name="since"/>, oldest first.</summary>
    ValueTask<IReadOnlyList<Stimulus>> FindUndeliveredAsync(StimulusKind kind, string name, DateTimeOffset since, string? key = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every stimulus that has reached no run yet and either was never tried (taken in by a process that stopped before
    /// delivering it, however long ago) or was received at or after <paramref name="since"/>; oldest first.
    /// </summary>
    ValueTask<IReadOnlyList<Stimulus>> ListUndeliveredAsync(DateTimeOffset since, CancellationToken cancellationToken = default);
}

internal sealed class InMemoryStimulusInbox : IStimulusInbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Stimulus> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByDedupeKey = new(StringComparer.Ordinal);

    public ValueTask<Stimulus> AddOrGetAsync(Stimulus stimulus, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_idByDedupeKey.TryGetValue(stimulus.DedupeKey, out var existing))
            {
                return new(_byId[existing]);
            }

            _idByDedupeKey.Add(stimulus.DedupeKey, stimulus.Id);
            _byId.Add(stimulus.Id, stimulus);
            return new(stimulus);
        }
    }

    public ValueTask<Stimulus?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(_byId.GetValueOrDefault(id));
        }
    }

    public ValueTask MarkDeliveredAsync(string id, DateTimeOffset deliveredAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(id, out var stimulus))
            {
                _byId[id] = stimulus with { DeliveredAt = deliveredAt };
            }
        }

        return default;
    }

    public ValueTask MarkAttemptedAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(id, out var stimulus) && stimulus.DeliveredAt is null)
            {
                _byId[id] = stimulus with { Attempts = stimulus.Attempts + 1 };
            }
        }

        return default;
    }

    public ValueTask<IReadOnlyList<Stimulus>> FindUndeliveredAsync(StimulusKind kind, string name, DateTimeOffset since, string? key = null, CancellationToken cancellationToken = default) =>
        Undelivered(s => s.Kind == kind && (name.Length == 0 || s.Name == name) && (key is null || s.Key == key) && s.ReceivedAt >= since);

    public ValueTask<IReadOnlyList<Stimulus>> ListUndeliveredAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Undelivered(s => s.Attempts == 0 || s.ReceivedAt >= since);

    private ValueTask<IReadOnlyList<Stimulus>> Undelivered(Func<Stimulus, bool> filter)
    {
        lock (_gate)
        {
            return new([.. _byId.Values.Where(s => s.DeliveredAt is null && filter(s)).OrderBy(s => s.ReceivedAt).ThenBy(s => s.Id, StringComparer.Ordinal)]);
        }
    }
}
