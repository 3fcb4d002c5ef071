using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Sla;

/// <summary>
/// Reads and writes the calendar document:
/// <c>{"name", "timeZone", "weekly": [{"day", "open", "close"}], "holidays": [{"date", "open"?, "close"?, "name"?}], "alwaysOpen"}</c>.
/// Reading checks everything and names each bad field by its path (<c>weekly[2].close</c>).
/// </summary>
public static class CalendarJson
{
    /// <summary>Parses a calendar; <paramref name="errors"/> gets one message per bad field, keyed by <paramref name="prefix"/> + path.</summary>
    public static BusinessCalendar? Read(JsonObject json, IDictionary<string, string[]> errors, string prefix = "")
    {
        var before = errors.Count;
        void Fail(string field, string message) => errors[prefix + field] = [$"{prefix}{field}: {message}"];

        var name = json["name"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var n) ? n : null;
        var alwaysOpen = false;
        if (json["alwaysOpen"] is { } alwaysNode)
        {
            if (alwaysNode is JsonValue v && v.TryGetValue<bool>(out var b))
            {
                alwaysOpen = b;
            }
            else
            {
                Fail("alwaysOpen", "must be true or false");
            }
        }

        TimeZoneInfo? zone = null;
        var zoneId = json["timeZone"] is JsonValue zoneValue && zoneValue.TryGetValue<string>(out var z) ? z : null;
        if (string.IsNullOrWhiteSpace(zoneId))
        {
            Fail("timeZone", "is required: an IANA time zone such as 'Asia/Singapore'");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone) || !TimeZoneInfo.TryConvertIanaIdToWindowsId(zoneId, out _) && !string.Equals(zoneId, "UTC", StringComparison.Ordinal))
        {
            Fail("timeZone", $"'{zoneId}' is not a known IANA time zone");
            zone = null;
        }

        var weekly = new List<WeeklyHours>();
        if (json["weekly"] is JsonArray weeklyArray)
        {
            for (var i = 0; i < weeklyArray.Count; i++)
            {
                var path = $"weekly[{i}]";
                if (weeklyArray[i] is not JsonObject item)
                {
                    Fail(path, "must be an object {day, open, close}");
                    continue;
                }

                var day = ReadDay(item["day"]);
                if (day is null)
                {
                    Fail($"{path}.day", $"'{item["day"]}' is not a day of the week (Monday..Sunday)");
                }

                var hours = ReadHours(item, path, required: true, Fail);
                if (day is { } d && hours is { } h)
                {
                    var clash = weekly.FindIndex(w => w.Day == d && Overlap(w.Hours, h));
                    if (clash >= 0)
                    {
                        Fail($"{path}.open", $"{d} {h} overlaps weekly[{IndexOf(weeklyArray, weekly[clash], clash)}] ({weekly[clash].Day} {weekly[clash].Hours})");
                    }
                    else
                    {
                        weekly.Add(new WeeklyHours(d, h));
                    }
                }
            }
        }
        else if (json["weekly"] is not null)
        {
            Fail("weekly", "must be an array of {day, open, close}");
        }

        if (weekly.Count == 0 && !alwaysOpen && !errors.Keys.Any(k => k.StartsWith(prefix + "weekly", StringComparison.Ordinal)))
        {
            Fail("weekly", "needs at least one open interval unless alwaysOpen is true");
        }

        var holidays = new List<HolidayHours>();
        if (json["holidays"] is JsonArray holidayArray)
        {
            for (var i = 0; i < holidayArray.Count; i++)
            {
                var path = $"holidays[{i}]";
                if (holidayArray[i] is not JsonObject item)
                {
                    Fail(path, "must be an object {date, open?, close?, name?}");
                    continue;
                }

                var dateText = item["date"] is JsonValue dv && dv.TryGetValue<string>(out var ds) ? ds : null;
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    Fail($"{path}.date", $"'{dateText ?? item["date"]?.ToJsonString()}' is not a date (yyyy-MM-dd)");
                    continue;
                }

                var holidayName = item["name"] is JsonValue hn && hn.TryGetValue<string>(out var hs) ? hs : null;
                if (item["open"] is null && item["close"] is null)
                {
                    if (holidays.Any(h => h.Date == date && h.Hours is not null))
                    {
                        Fail($"{path}.date", $"{date:yyyy-MM-dd} is listed both as closed and with special hours");
                        continue;
                    }

                    holidays.Add(new HolidayHours(date, null, holidayName));
                    continue;
                }

                var hours = ReadHours(item, path, required: true, Fail);
                if (hours is not { } h)
                {
                    continue;
                }

                if (holidays.Any(x => x.Date == date && x.Hours is null))
                {
                    Fail($"{path}.date", $"{date:yyyy-MM-dd} is listed both as closed and with special hours");
                }
                else if (holidays.Any(x => x.Date == date && x.Hours is { } other && Overlap(other, h)))
                {
                    Fail($"{path}.open", $"{date:yyyy-MM-dd} {h} overlaps other special hours of that date");
                }
                else
                {
                    holidays.Add(new HolidayHours(date, h, holidayName));
                }
            }
        }
        else if (json["holidays"] is not null)
        {
            Fail("holidays", "must be an array of {date, open?, close?}");
        }

        return errors.Count > before || zone is null ? null : new BusinessCalendar(zone, weekly, holidays, alwaysOpen, name);
    }

    /// <summary>The calendar as its document, in a normal form (days by name, times as HH:mm).</summary>
    public static JsonObject Write(BusinessCalendar calendar)
    {
        var json = new JsonObject();
        if (calendar.Name is { } name)
        {
            json["name"] = name;
        }

        json["timeZone"] = calendar.Zone.Id;
        json["alwaysOpen"] = calendar.AlwaysOpen;
        json["weekly"] = new JsonArray([.. calendar.Weekly.Select(w => (JsonNode)new JsonObject
        {
            ["day"] = w.Day.ToString(),
            ["open"] = FormatMinute(w.Hours.OpenMinute),
            ["close"] = FormatMinute(w.Hours.CloseMinute),
        })]);
        json["holidays"] = new JsonArray([.. calendar.Holidays.Select(h =>
        {
            var item = new JsonObject { ["date"] = h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
            if (h.Hours is { } hours)
            {
                item["open"] = FormatMinute(hours.OpenMinute);
                item["close"] = FormatMinute(hours.CloseMinute);
            }

            if (h.Name is { } holidayName)
            {
                item["name"] = holidayName;
            }

            return (JsonNode)item;
        })]);
        return json;
    }

    public static string FormatMinute(int minute) => $"{minute / 60:00}:{minute % 60:00}";

    private static DayHours? ReadHours(JsonObject item, string path, bool required, Action<string, string> fail)
    {
        var open = ReadTime(item["open"], allowMidnightEnd: false);
        var close = ReadTime(item["close"], allowMidnightEnd: true);
        var ok = true;
        if (open is null && (required || item["open"] is not null))
        {
            fail($"{path}.open", $"'{Text(item["open"])}' is not a time of day (HH:mm, 00:00-23:59)");
            ok = false;
        }

        if (close is null && (required || item["close"] is not null))
        {
            fail($"{path}.close", $"'{Text(item["close"])}' is not a closing time (HH:mm, 00:01-24:00)");
            ok = false;
        }

        if (!ok || open is not { } o || close is not { } c)
        {
            return null;
        }

        if (c <= o)
        {
            fail($"{path}.close", $"closes at {FormatMinute(c)}, not after it opens at {FormatMinute(o)} (use 24:00 for midnight)");
            return null;
        }

        return new DayHours(o, c);
    }

    private static int? ReadTime(JsonNode? node, bool allowMidnightEnd)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        var parts = text.Trim().Split(':');
        if (parts.Length != 2 || parts[1].Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)
            || parts[0].Length is < 1 or > 2 || minute > 59)
        {
            return null;
        }

        if (hour == 24 && minute == 0 && allowMidnightEnd)
        {
            return 1440;
        }

        return hour <= 23 ? (hour * 60) + minute : null;
    }

    private static DayOfWeek? ReadDay(JsonNode? node)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            return null;
        }

        text = text.Trim();
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            var full = day.ToString();
            if (string.Equals(text, full, StringComparison.OrdinalIgnoreCase) || (text.Length == 3 && full.StartsWith(text, StringComparison.OrdinalIgnoreCase)))
            {
                return day;
            }
        }

        return null;
    }

    private static bool Overlap(DayHours a, DayHours b) => a.OpenMinute < b.CloseMinute && b.OpenMinute < a.CloseMinute;

    private static int IndexOf(JsonArray array, WeeklyHours hours, int fallback)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject item && ReadDay(item["day"]) == hours.Day && ReadTime(item["open"], false) == hours.Hours.OpenMinute && ReadTime(item["close"], true) == hours.Hours.CloseMinute)
            {
                return i;
            }
        }

        return fallback;
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "(missing)";
}
