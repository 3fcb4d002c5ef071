namespace Orchestrator.Activities.Sla;

/// <summary>
/// Business-time arithmetic on the stored business calendars (by calendar id), for activities that are not SLA timers:
/// task due dates in business days, follow-the-sun handoffs to the region that opens next.
/// </summary>
public interface IBusinessTime
{
    /// <summary>The instant <paramref name="days"/> business days after <paramref name="from"/>: the end of the last open day counted.</summary>
    ValueTask<DateTimeOffset> AddBusinessDaysAsync(string calendarId, DateTimeOffset from, int days, CancellationToken cancellationToken = default);

    /// <summary>The first instant at which <paramref name="businessTime"/> of open time has passed since <paramref name="from"/>.</summary>
    ValueTask<DateTimeOffset> AddBusinessTimeAsync(string calendarId, DateTimeOffset from, TimeSpan businessTime, CancellationToken cancellationToken = default);

    /// <summary><paramref name="at"/> itself when the calendar is open then, else its next opening; null when it never opens again.</summary>
    ValueTask<DateTimeOffset?> NextOpenAsync(string calendarId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>When the open interval containing <paramref name="at"/> closes; null when the calendar is closed at that instant.</summary>
    ValueTask<DateTimeOffset?> CurrentCloseAsync(string calendarId, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>A calendar id that names no stored calendar.</summary>
public sealed class UnknownCalendarException : Exception
{
    public UnknownCalendarException(string calendarId)
        : base($"calendar '{calendarId}' does not exist")
    {
        CalendarId = calendarId;
    }

    public UnknownCalendarException()
    {
        CalendarId = string.Empty;
    }

    public UnknownCalendarException(string message, Exception innerException)
        : base(message, innerException)
    {
        CalendarId = string.Empty;
    }

    public string CalendarId { get; }
}
