using System.Text.Json.Nodes;
using Orchestrator.Activities.Sla;

namespace Orchestrator.Activities.Tests.Sla;

/// <summary>Calendars for the tests, built through the same JSON reader the API uses.</summary>
internal static class Calendars
{
    public static BusinessCalendar Parse(string json)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var calendar = CalendarJson.Read(JsonNode.Parse(json)!.AsObject(), errors);
        errors.ShouldBeEmpty();
        return calendar!;
    }

    /// <summary>Monday to Friday, the same hours each day, in a zone.</summary>
    public static BusinessCalendar Weekdays(string zone, string open = "09:00", string close = "17:00", string holidays = "[]") =>
        Parse($$"""{"timeZone": "{{zone}}", "weekly": [{{string.Join(",", new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.Select(d => $$"""{"day": "{{d}}", "open": "{{open}}", "close": "{{close}}"}"""))}}], "holidays": {{holidays}}}""");

    /// <summary>Every day, the same hours, in a zone.</summary>
    public static BusinessCalendar Daily(string zone, string open, string close) =>
        Parse($$"""{"timeZone": "{{zone}}", "weekly": [{{string.Join(",", Enum.GetNames<DayOfWeek>().Select(d => $$"""{"day": "{{d}}", "open": "{{open}}", "close": "{{close}}"}"""))}}]}""");

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
