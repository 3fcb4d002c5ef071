namespace Orchestrator.Activities.Sla;

/// <summary>A span in which an SLA does not count; <see cref="To"/> is null while the pause lasts.</summary>
public readonly record struct SlaPause(DateTimeOffset From, DateTimeOffset? To);

/// <summary>
/// Business-time arithmetic for SLAs: elapsed time is the overlap with the calendar's open spans minus pauses; a
/// deadline is the first instant at which that elapsed time reaches the target.
/// </summary>
public static class SlaClock
{
    /// <summary>The spans that count from <paramref name="start"/> on: open and not paused, in order.</summary>
    public static IEnumerable<TimeRange> CountingSpans(BusinessCalendar calendar, DateTimeOffset start, IReadOnlyList<SlaPause> pauses)
    {
        var merged = MergePauses(pauses);
        var p = 0;
        foreach (var open in calendar.OpenSpans(start))
        {
            var cursor = open.Start;
            while (cursor < open.End)
            {
                while (p < merged.Count && merged[p].End <= cursor)
                {
                    p++;
                }

                if (p == merged.Count || merged[p].Start >= open.End)
                {
                    yield return new TimeRange(cursor, open.End);
                    break;
                }

                if (merged[p].Start > cursor)
                {
                    yield return new TimeRange(cursor, merged[p].Start);
                }

                if (merged[p].End == DateTimeOffset.MaxValue)
                {
                    yield break;
                }

                cursor = merged[p].End;
            }
        }
    }

    /// <summary>Business time between <paramref name="start"/> and <paramref name="at"/>, minus pauses.</summary>
    public static TimeSpan Elapsed(BusinessCalendar calendar, DateTimeOffset start, DateTimeOffset at, IReadOnlyList<SlaPause> pauses)
    {
        var total = TimeSpan.Zero;
        if (at <= start)
        {
            return total;
        }

        foreach (var span in CountingSpans(calendar, start, pauses))
        {
            if (span.Start >= at)
            {
                break;
            }

            total += (span.End < at ? span.End : at) - span.Start;
        }

        return total;
    }

    /// <summary>
    /// The first instant at which business elapsed since <paramref name="start"/> reaches <paramref name="target"/>;
    /// null when it never does (an open-ended pause, a calendar that never opens again). A deadline that falls on a
    /// closing time stays at that closing time.
    /// </summary>
    public static DateTimeOffset? Deadline(BusinessCalendar calendar, DateTimeOffset start, TimeSpan target, IReadOnlyList<SlaPause> pauses)
    {
        if (target <= TimeSpan.Zero)
        {
            return start;
        }

        var left = target;
        foreach (var span in CountingSpans(calendar, start, pauses))
        {
            if (span.End == DateTimeOffset.MaxValue || span.Length >= left)
            {
                return span.Start + left;
            }

            left -= span.Length;
        }

        return null;
    }

    private static List<TimeRange> MergePauses(IReadOnlyList<SlaPause> pauses)
    {
        var merged = new List<TimeRange>(pauses.Count);
        foreach (var pause in pauses.OrderBy(p => p.From))
        {
            var end = pause.To ?? DateTimeOffset.MaxValue;
            if (end <= pause.From)
            {
                continue;
            }

            if (merged.Count > 0 && pause.From <= merged[^1].End)
            {
                if (end > merged[^1].End)
                {
                    merged[^1] = merged[^1] with { End = end };
                }

                continue;
            }

            merged.Add(new TimeRange(pause.From, end));
        }

        return merged;
    }
}
