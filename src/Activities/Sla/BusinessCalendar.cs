namespace Orchestrator.Activities.Sla;

/// <summary>An open interval of a local day in minutes after midnight; <see cref="CloseMinute"/> may be 1440 ("24:00").</summary>
public readonly record struct DayHours(int OpenMinute, int CloseMinute)
{
    public override string ToString() => $"{CalendarJson.FormatMinute(OpenMinute)}-{CalendarJson.FormatMinute(CloseMinute)}";
}

/// <summary>One weekly open interval.</summary>
public sealed record WeeklyHours(DayOfWeek Day, DayHours Hours);

/// <summary>A holiday: closed all day (no hours) or open only for its special hours.</summary>
public sealed record HolidayHours(DateOnly Date, DayHours? Hours, string? Name);

/// <summary>A span of instants during which a calendar is open (or an SLA counts), end exclusive.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;
}

/// <summary>
/// Weekly open intervals in the local time of a time zone, with holidays closed or with special hours, or open always.
/// Each local date is turned into instants on its own, so a 09:00-17:00 day lasts 8 hours on a DST-change day too.
/// Local times the clocks skip or repeat are resolved deliberately: a skipped time means the instant the clocks jump
/// (so an interval shrinks by the skipped part); a repeated opening time means its first occurrence and a repeated
/// closing time its last (so the repeated hour is counted once, and an interval lasts as long as the clocks show).
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>How many consecutive closed days end a search: a calendar closed that long is treated as never opening again.</summary>
    public const int MaxClosedDays = 3660;

    private readonly Dictionary<DayOfWeek, DayHours[]> _weekly;
    private readonly Dictionary<DateOnly, DayHours[]> _holidays;

    public BusinessCalendar(TimeZoneInfo zone, IReadOnlyList<WeeklyHours> weekly, IReadOnlyList<HolidayHours> holidays, bool alwaysOpen, string? name = null)
    {
        Zone = zone;
        Weekly = weekly;
        Holidays = holidays;
        AlwaysOpen = alwaysOpen;
        Name = name;
        _weekly = weekly.GroupBy(w => w.Day).ToDictionary(g => g.Key, g => g.Select(w => w.Hours).OrderBy(h => h.OpenMinute).ToArray());
        _holidays = holidays.GroupBy(h => h.Date).ToDictionary(g => g.Key, g => g.Where(h => h.Hours is not null).Select(h => h.Hours!.Value).OrderBy(h => h.OpenMinute).ToArray());
    }

    public TimeZoneInfo Zone { get; }

    public IReadOnlyList<WeeklyHours> Weekly { get; }

    public IReadOnlyList<HolidayHours> Holidays { get; }

    public bool AlwaysOpen { get; }

    public string? Name { get; }

    /// <summary>The open intervals of a local date: its holiday hours when it is a holiday, else its weekday's.</summary>
    public IReadOnlyList<DayHours> HoursOn(DateOnly date)
    {
        if (AlwaysOpen)
        {
            return [new DayHours(0, 1440)];
        }

        if (_holidays.TryGetValue(date, out var special))
        {
            return special;
        }

        return _weekly.TryGetValue(date.DayOfWeek, out var hours) ? hours : [];
    }

    /// <summary>The local date of an instant in this calendar's zone.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>The open spans of one local date as instants, in order (adjacent or overlapping ones not yet merged).</summary>
    public IEnumerable<TimeRange> SpansOn(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        foreach (var hours in HoursOn(date))
        {
            var start = ToInstant(midnight.AddMinutes(hours.OpenMinute), latest: false);
            var end = ToInstant(midnight.AddMinutes(hours.CloseMinute), latest: true);
            if (end > start)
            {
                yield return new TimeRange(start, end);
            }
        }
    }

    /// <summary>
    /// The open spans from <paramref name="from"/> on, merged where one ends as the next begins (a 20:00-24:00 day
    /// followed by 00:00-08:00), the first clipped to start at <paramref name="from"/>. An always-open calendar
    /// gives one endless span. Ends after <see cref="MaxClosedDays"/> closed days in a row.
    /// </summary>
    public IEnumerable<TimeRange> OpenSpans(DateTimeOffset from)
    {
        if (AlwaysOpen)
        {
            yield return new TimeRange(from, DateTimeOffset.MaxValue);
            yield break;
        }

        // A date's intervals never reach before its own midnight, so starting a day early catches every span around from.
        var date = LocalDate(from).AddDays(-1);
        TimeRange? pending = null;
        var closedDays = 0;
        while (closedDays <= MaxClosedDays)
        {
            var any = false;
            foreach (var span in SpansOn(date))
            {
                any = true;
                if (span.End <= from)
                {
                    continue;
                }

                var clipped = span.Start < from ? span with { Start = from } : span;
                if (pending is { } open && clipped.Start <= open.End)
                {
                    pending = open with { End = clipped.End > open.End ? clipped.End : open.End };
                    continue;
                }

                if (pending is { } done)
                {
                    yield return done;
                }

                pending = clipped;
            }

            closedDays = any ? 0 : closedDays + 1;
            date = date.AddDays(1);
        }

        if (pending is { } last)
        {
            yield return last;
        }
    }

    /// <summary>The instant of a local time; see the class summary for skipped and repeated times.</summary>
    public DateTimeOffset ToInstant(DateTime local, bool latest)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            return GapEnd(local);
        }

        if (Zone.IsAmbiguousTime(local))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            var offset = latest ? offsets.Min() : offsets.Max();
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The instant the clocks jumped over a skipped local time: the first instant with the later offset.</summary>
    private DateTimeOffset GapEnd(DateTime local)
    {
        var before = Zone.GetUtcOffset(local.AddDays(-1));
        var after = Zone.GetUtcOffset(local.AddDays(1));
        var low = new DateTimeOffset(local - after, TimeSpan.Zero).UtcTicks;
        var high = new DateTimeOffset(local - before, TimeSpan.Zero).UtcTicks;
        while (high - low > TimeSpan.TicksPerSecond)
        {
            var middle = low + ((high - low) / 2);
            if (Zone.GetUtcOffset(new DateTimeOffset(middle, TimeSpan.Zero)) == after)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return new DateTimeOffset(high - (high % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
