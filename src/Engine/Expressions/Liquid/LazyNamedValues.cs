using Fluid.Values;

namespace Orchestrator.Engine.Expressions.Liquid;

/// <summary>Variables or inputs by name, each converted on first read and kept for the rest of the render.</summary>
/// <remarks>One instance serves one render, which Fluid runs one step at a time, so it needs no locking.</remarks>
internal sealed class LazyNamedValues : IFluidIndexable
{
    private readonly TryRead _read;
    private readonly TimeZoneInfo _timeZone;
    private readonly List<string> _names = [];
    private readonly HashSet<string> _exactNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _namesIgnoringCase = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FluidValue> _values = new(StringComparer.Ordinal);

    public LazyNamedValues(IEnumerable<string> names, TryRead read, TimeZoneInfo timeZone)
    {
        _read = read;
        _timeZone = timeZone;

        // Variable names come innermost scope first, so the first of equal names is the one the activity sees.
        foreach (var name in names)
        {
            if (_exactNames.Add(name))
            {
                _names.Add(name);
                _namesIgnoringCase.TryAdd(name, name);
            }
        }
    }

    public delegate bool TryRead(string name, out object? value);

    public int Count => _names.Count;

    public IEnumerable<string> Keys => _names;

    public bool TryGetValue(string name, out FluidValue value)
    {
        // An exact match wins over one that differs only in case, so two such variables stay reachable.
        string key;
        if (_exactNames.Contains(name))
        {
            key = name;
        }
        else if (_namesIgnoringCase.TryGetValue(name, out var canonical))
        {
            key = canonical;
        }
        else
        {
            value = NilValue.Instance;
            return false;
        }

        if (!_values.TryGetValue(key, out var converted))
        {
            converted = _read(key, out var raw) ? LiquidValues.From(raw, _timeZone) : NilValue.Instance;
            _values[key] = converted;
        }

        value = converted;
        return true;
    }
}
