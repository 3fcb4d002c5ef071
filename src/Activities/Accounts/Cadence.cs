using System.Globalization;

namespace Orchestrator.Activities.Accounts;

/// <summary>How far apart recurring meetings are: a number of days, or a number of calendar months.</summary>
public readonly record struct Cadence
{
    // The widest spans of DateTimeOffset, so a huge count fails as out of range rather than overflowing.
    private const long MaxDays = 3_652_059;
    private const long MaxMonths = 119_988;

    private Cadence(int count, CadenceUnit unit)
    {
        Count = count;
        Unit = unit;
    }

    public int Count { get; }

    public CadenceUnit Unit { get; }

    public static Cadence Days(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return new(count, CadenceUnit.Days);
    }

    public static Cadence Months(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return new(count, CadenceUnit.Months);
    }

    /// <summary>The cadence a word names: <c>weekly</c>, <c>bi-weekly</c>, <c>monthly</c>, <c>quarterly</c>, <c>semi-annual</c>, <c>annual</c>.</summary>
    /// <exception cref="ArgumentException">When the word is none of those.</exception>
    public static Cadence FromWord(string word) => word switch
    {
        "weekly" => Days(7),
        "bi-weekly" => Days(14),
        "monthly" => Months(1),
        "quarterly" => Months(3),
        "semi-annual" => Months(6),
        "annual" => Months(12),
        _ => throw new ArgumentException(
            $"'{word}' is not a cadence; use weekly, bi-weekly, monthly, quarterly, semi-annual or annual", nameof(word)),
    };

    /// <summary>
    /// <paramref name="start"/> moved on by <paramref name="n"/> intervals: n × days exactly, or n × months keeping the
    /// time of day and the day of month, clamped to the target month's last day (Jan 31 + 1 month = Feb 28 or 29).
    /// Each step counts from <paramref name="start"/>, so a clamped month does not pull the later ones back.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="n"/> is negative or the result is past year 9999.</exception>
    public DateTimeOffset After(DateTimeOffset start, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var steps = (long)n * Count;
        if (steps > (Unit == CadenceUnit.Days ? MaxDays : MaxMonths))
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, $"{n} intervals of {Count} {Unit.ToString().ToLowerInvariant()} reach past year 9999");
        }

        return Unit == CadenceUnit.Days ? start.AddTicks(steps * TimeSpan.TicksPerDay) : start.AddMonths((int)steps);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"every {Count} {(Unit == CadenceUnit.Days ? "days" : "months")}");
}

public enum CadenceUnit
{
    Days,
    Months,
}
