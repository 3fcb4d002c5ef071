namespace Orchestrator.Activities.Sla;

/// <summary>Business-time arithmetic on the stored calendars.</summary>
internal sealed class StoredBusinessTime(CalendarStore calendars) : IBusinessTime
{
    /// <remarks>
    /// Counts the open local dates after the date of <paramref name="from"/> (a day with any open hours is a business
    /// day) and answers when the last counted one closes; zero days is <paramref name="from"/> itself.
    /// </remarks>
    public async ValueTask<DateTimeOffset> AddBusinessDaysAsync(string calendarId, DateTimeOffset from, int days, CancellationToken cancellationToken = default)
    {
        if (days <= 0)
        {
            return from;
        }

        var calendar = await calendars.GetAsync(calendarId, cancellationToken);
        var date = calendar.LocalDate(from);
        var closedDays = 0;
        while (closedDays <= BusinessCalendar.MaxClosedDays)
        {
            date = date.AddDays(1);
            var spans = calendar.SpansOn(date).ToList();
            if (spans.Count == 0)
            {
                closedDays++;
                continue;
            }

            closedDays = 0;
            if (--days == 0)
            {
                return spans.Max(s => s.End);
            }
        }

        throw new InvalidOperationException($"calendar '{calendarId}' does not open again after {date:yyyy-MM-dd}");
    }

    public async ValueTask<DateTimeOffset> AddBusinessTimeAsync(string calendarId, DateTimeOffset from, TimeSpan businessTime, CancellationToken cancellationToken = default)
    {
        var calendar = await calendars.GetAsync(calendarId, cancellationToken);
        return SlaClock.Deadline(calendar, from, businessTime, [])
            ?? throw new InvalidOperationException($"calendar '{calendarId}' does not open long enough after {from:O} to count {businessTime}");
    }

    public async ValueTask<DateTimeOffset?> NextOpenAsync(string calendarId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var calendar = await calendars.GetAsync(calendarId, cancellationToken);
        foreach (var span in calendar.OpenSpans(at))
        {
            return span.Start;
        }

        return null;
    }

    /// <remarks>An always-open calendar never closes: the answer is <see cref="DateTimeOffset.MaxValue"/>.</remarks>
    public async ValueTask<DateTimeOffset?> CurrentCloseAsync(string calendarId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var calendar = await calendars.GetAsync(calendarId, cancellationToken);
        foreach (var span in calendar.OpenSpans(at))
        {
            return span.Start == at ? span.End : null;
        }

        return null;
    }
}
