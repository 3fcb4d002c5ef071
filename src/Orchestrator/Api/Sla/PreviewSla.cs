using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Sla;
using Orchestrator.Auth;

namespace Orchestrator.Api.Sla;

/// <summary>
/// <c>POST /api/sla/preview</c>: when a target falls due on a calendar (inline or stored), from a start, with pauses;
/// answers <c>{dueAt, timeline}</c> with instants in UTC. Every bad field is named (<c>calendar.weekly[2].close</c>,
/// <c>pauses[0].to</c>).
/// </summary>
internal static class PreviewSla
{
    /// <summary>Ten years of minutes: a target beyond it is a mistake, not an SLA.</summary>
    public const int MaxTargetMinutes = 5_256_000;

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/preview", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Computes an SLA deadline on a business calendar and explains it");

    public static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> HandleAsync(JsonObject body, CalendarStore calendars, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        BusinessCalendar? calendar = null;
        if (body["calendar"] is JsonObject inline)
        {
            calendar = CalendarJson.Read(inline, errors, "calendar.");
        }
        else if (body["calendarId"] is JsonValue idValue && idValue.TryGetValue<string>(out var calendarId) && !string.IsNullOrWhiteSpace(calendarId))
        {
            try
            {
                calendar = await calendars.GetAsync(calendarId, cancellationToken);
            }
            catch (UnknownCalendarException)
            {
                errors["calendarId"] = [$"calendarId: calendar '{calendarId}' does not exist"];
            }
        }
        else
        {
            errors["calendar"] = ["calendar: give an inline calendar object or a calendarId"];
        }

        var start = ReadInstant(body["start"], "start", errors);
        int? target = null;
        if (body["targetMinutes"] is JsonValue targetValue && targetValue.TryGetValue<int>(out var minutes) && minutes is >= 0 and <= MaxTargetMinutes)
        {
            target = minutes;
        }
        else
        {
            errors["targetMinutes"] = [$"targetMinutes: must be a whole number of minutes from 0 to {MaxTargetMinutes}"];
        }

        var pauses = new List<SlaPause>();
        if (body["pauses"] is JsonArray pauseArray)
        {
            for (var i = 0; i < pauseArray.Count; i++)
            {
                if (pauseArray[i] is not JsonObject pause)
                {
                    errors[$"pauses[{i}]"] = [$"pauses[{i}]: must be an object {{from, to}}"];
                    continue;
                }

                var from = ReadInstant(pause["from"], $"pauses[{i}].from", errors);
                var to = ReadInstant(pause["to"], $"pauses[{i}].to", errors);
                if (from is { } f && to is { } t)
                {
                    if (t < f)
                    {
                        errors[$"pauses[{i}].to"] = [$"pauses[{i}].to: {Format(t)} is before its from {Format(f)}"];
                    }
                    else
                    {
                        pauses.Add(new SlaPause(f, t));
                    }
                }
            }
        }
        else if (body["pauses"] is not null)
        {
            errors["pauses"] = ["pauses: must be an array of {from, to}"];
        }

        if (errors.Count > 0 || calendar is null || start is not { } s || target is not { } m)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.Values.SelectMany(e => e)));
        }

        if (SlaPreview.Compute(calendar, s, TimeSpan.FromMinutes(m), pauses) is not { } result)
        {
            return TypedResults.Problem("the calendar does not open long enough after the start to reach the target", statusCode: StatusCodes.Status422UnprocessableEntity, title: "Never due");
        }

        var timeline = new JsonArray();
        foreach (var entry in result.Timeline)
        {
            var item = new JsonObject
            {
                ["type"] = entry.Type,
                ["at"] = Format(entry.At),
                ["businessElapsedMinutes"] = entry.BusinessElapsedMinutes,
                ["wallClockElapsedMinutes"] = entry.WallClockElapsedMinutes,
            };
            if (entry.Note is { } note)
            {
                item["note"] = note;
            }

            timeline.Add(item);
        }

        return TypedResults.Ok(new JsonObject { ["dueAt"] = Format(result.DueAt), ["timeline"] = timeline });
    }

    /// <summary>An instant in UTC ISO 8601, with fractions of a second only when there are any.</summary>
    public static string Format(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset? ReadInstant(JsonNode? node, string field, Dictionary<string, string[]> errors)
    {
        var text = node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
        if (text is not null
            && HasOffset(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }

        errors[field] = [$"{field}: '{text ?? node?.ToJsonString() ?? "(missing)"}' is not an ISO 8601 instant with an offset (2026-11-23T09:00:00Z, 2026-11-23T17:00:00+08:00)"];
        return null;
    }

    /// <summary>An instant needs its offset: a bare local time would mean a different instant on every server.</summary>
    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (t < 0)
        {
            return false;
        }

        var time = text[(t + 1)..];
        return time.EndsWith('Z') || time.EndsWith('z') || time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
    }
}
