using System.Text.Json.Nodes;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Sla;

/// <summary>Business calendars kept as documents of kind <c>calendar</c> in the document store.</summary>
public sealed class CalendarStore(IDocumentStore documents)
{
    public const string Kind = "calendar";

    /// <summary>The calendar with this id; <see cref="UnknownCalendarException"/> when there is none.</summary>
    public async ValueTask<BusinessCalendar> GetAsync(string calendarId, CancellationToken cancellationToken = default)
    {
        var stored = await documents.GetAsync(Kind, calendarId, cancellationToken) ?? throw new UnknownCalendarException(calendarId);
        return Parse(calendarId, stored.Body);
    }

    /// <summary>Writes the shipped calendars that are missing; existing ones, edited or not, are left alone.</summary>
    public async ValueTask EnsureDefaultsAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (id, body) in DefaultCalendars.All)
        {
            if (await documents.GetAsync(Kind, id, cancellationToken) is not null)
            {
                continue;
            }

            try
            {
                await documents.PutAsync(Kind, id, body, expectedRevision: 0, cancellationToken);
            }
            catch (DocumentConflictException)
            {
                // Another instance of the host wrote it first: that is the same default.
            }
        }
    }

    private static BusinessCalendar Parse(string calendarId, JsonObject body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        return CalendarJson.Read(body, errors)
            ?? throw new InvalidOperationException($"calendar '{calendarId}' is invalid: {string.Join("; ", errors.Values.SelectMany(e => e))}");
    }
}
