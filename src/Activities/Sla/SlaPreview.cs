namespace Orchestrator.Activities.Sla;

/// <summary>One line of an SLA explanation: what happened when, with business and wall-clock time elapsed since the start.</summary>
public sealed record SlaTimelineEntry(string Type, DateTimeOffset At, double BusinessElapsedMinutes, double WallClockElapsedMinutes, string? Note = null);

/// <summary>The deadline of one target and the explanation of how it was reached.</summary>
public sealed record SlaPreviewResult(DateTimeOffset DueAt, IReadOnlyList<SlaTimelineEntry> Timeline);

/// <summary>Works out when a target falls due from a start, with pauses, and explains it step by step.</summary>
public static class SlaPreview
{
    /// <summary>Calendar openings and closings listed at most; a longer explanation ends with a note.</summary>
    public const int MaxEntries = 500;

    /// <summary>The deadline and its timeline; null when the target is never reached (the calendar never opens again).</summary>
    public static SlaPreviewResult? Compute(BusinessCalendar calendar, DateTimeOffset start, TimeSpan target, IReadOnlyList<SlaPause> pauses)
    {
        if (SlaClock.Deadline(calendar, start, target, pauses) is not { } due)
        {
            return null;
        }

        var events = new List<(DateTimeOffset At, int Order, string Type, string? Note)>();
        var openAtStart = false;
        foreach (var span in calendar.OpenSpans(start))
        {
            if (span.Start > due || events.Count >= MaxEntries)
            {
                break;
            }

            if (span.Start == start)
            {
                openAtStart = true;
            }
            else
            {
                events.Add((span.Start, 4, "opened", events.Count == 0 && !openAtStart ? "counting starts at the next opening" : null));
            }

            if (span.End < due)
            {
                events.Add((span.End, 1, "closed", null));
            }
        }

        foreach (var pause in pauses.OrderBy(p => p.From))
        {
            if (pause.From < due && (pause.To is not { } to || to > start))
            {
                events.Add((pause.From < start ? start : pause.From, 2, "paused", pause.From < start ? "paused since before the start" : null));
            }

            if (pause.To is { } end && end > start && end <= due)
            {
                events.Add((end, 3, "resumed", null));
            }
        }

        var timeline = new List<SlaTimelineEntry>(events.Count + 2)
        {
            Entry(calendar, start, start, "started", openAtStart ? null : "outside business hours", pauses),
        };
        foreach (var (at, _, type, note) in events.OrderBy(e => e.At).ThenBy(e => e.Order))
        {
            timeline.Add(Entry(calendar, start, at, type, note, pauses));
        }

        var closesAtDue = !calendar.AlwaysOpen && calendar.OpenSpans(due).FirstOrDefault() is var next && next.Start != due;
        timeline.Add(Entry(calendar, start, due, "due", closesAtDue ? "due at closing time" : null, pauses));
        return new SlaPreviewResult(due, timeline);
    }

    private static SlaTimelineEntry Entry(BusinessCalendar calendar, DateTimeOffset start, DateTimeOffset at, string type, string? note, IReadOnlyList<SlaPause> pauses) =>
        new(type, at, Minutes(SlaClock.Elapsed(calendar, start, at, pauses)), Minutes(at - start), note);

    public static double Minutes(TimeSpan span) => Math.Round(span.TotalMinutes, 3);
}
