namespace Orchestrator.Engine.Activities;

/// <summary>The ports an activity completed with. One outcome is the common case and allocates nothing.</summary>
public readonly struct Outcomes : IEquatable<Outcomes>
{
    private readonly string? _single;
    private readonly string[]? _many;

    public Outcomes(string outcome)
    {
        _single = outcome;
        _many = null;
    }

    public Outcomes(IReadOnlyCollection<string> outcomes)
    {
        if (outcomes.Count == 1)
        {
            _single = outcomes.First();
            _many = null;
        }
        else
        {
            _single = null;
            _many = [.. outcomes];
        }
    }

    public static Outcomes Done { get; } = new("Done");

    /// <summary>No outcome: the branch ends here.</summary>
    public static Outcomes None { get; } = new(Array.Empty<string>());

    public int Count => _single is not null ? 1 : _many?.Length ?? 0;

    public string this[int index] => _single is not null
        ? (index == 0 ? _single : throw new ArgumentOutOfRangeException(nameof(index)))
        : _many![index];

    public bool Contains(string outcome)
    {
        if (_single is not null)
        {
            return string.Equals(_single, outcome, StringComparison.Ordinal);
        }

        return _many is not null && Array.IndexOf(_many, outcome) >= 0;
    }

    public string[] ToArray() => _single is not null ? [_single] : _many ?? [];

    public bool Equals(Outcomes other) => ToArray().SequenceEqual(other.ToArray());

    public override bool Equals(object? obj) => obj is Outcomes other && Equals(other);

    public override int GetHashCode() => _single?.GetHashCode(StringComparison.Ordinal) ?? _many?.Length ?? 0;

    public override string ToString() => string.Join(", ", ToArray());

    public static bool operator ==(Outcomes left, Outcomes right) => left.Equals(right);

    public static bool operator !=(Outcomes left, Outcomes right) => !left.Equals(right);
}
