using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Activities.Escalation;

/// <summary>
/// Checks rotations and answers who is on call. Shifts of whole days are counted on the local calendar, so a daily
/// 09:00 hand-off stays at 09:00 across a DST change (that day's shift is 23 or 25 hours); hour-based shifts are exact
/// elapsed time from the first hand-off.
/// </summary>
public static partial class RotationSchedule
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static IReadOnlyList<FieldError> Validate(Rotation rotation)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(rotation.Id))
        {
            errors.Add(new("id", "the rotation needs an id"));
        }

        if (!TryZone(rotation.TimeZone, out _))
        {
            errors.Add(new("timeZone", $"'{rotation.TimeZone}' is not a known IANA time zone"));
        }

        if (rotation.Layers is not { Count: > 0 })
        {
            errors.Add(new("layers", "a rotation needs at least one layer"));
        }

        for (var i = 0; i < (rotation.Layers?.Count ?? 0); i++)
        {
            ValidateLayer(rotation.Layers![i], $"layers[{i}]", errors);
        }

        for (var i = 0; i < (rotation.Overrides?.Count ?? 0); i++)
        {
            var o = rotation.Overrides![i];
            if (string.IsNullOrWhiteSpace(o.PersonId))
            {
                errors.Add(new($"overrides[{i}].personId", "an override needs the person who covers"));
            }

            if (o.To <= o.From)
            {
                errors.Add(new($"overrides[{i}].to", $"the override must end after it starts ({o.From:O})"));
            }
        }

        return errors;
    }

    /// <summary>Who is on call at <paramref name="at"/>: an override if one covers it, else the last layer with someone on call.</summary>
    public static OnCall OnCallAt(Rotation rotation, DateTimeOffset at)
    {
        var errors = Validate(rotation);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"rotation '{rotation.Id}' is not valid: {string.Join("; ", errors)}");
        }

        for (var i = rotation.Overrides.Count - 1; i >= 0; i--)
        {
            var o = rotation.Overrides[i];
            if (o.From <= at && at < o.To)
            {
                return new OnCall([o.PersonId], "override", o.From, o.To);
            }
        }

        for (var i = rotation.Layers.Count - 1; i >= 0; i--)
        {
            var layer = rotation.Layers[i];
            TryZone(layer.TimeZone ?? rotation.TimeZone, out var zone);
            if (ShiftAt(layer, zone!, at) is { } shift && InRestrictions(layer, zone!, at))
            {
                return new OnCall([shift.PersonId], layer.Name ?? $"layer {i + 1}", shift.Start, shift.End);
            }
        }

        return new OnCall([], null, null, null);
    }

    internal static bool TryZone(string? id, out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>A local wall-clock time as an instant: a time in a DST gap moves forward by the gap, an ambiguous one takes the first occurrence.</summary>
    internal static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            offset = zone.GetUtcOffset(local.AddHours(-6));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local.Ticks - offset.Ticks, TimeSpan.Zero);
    }

    private static void ValidateLayer(RotationLayer layer, string path, List<FieldError> errors)
    {
        if (layer.Members is not { Count: > 0 })
        {
            errors.Add(new($"{path}.members", "a layer needs at least one member (person id)"));
        }
        else if (layer.Members.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(new($"{path}.members", "a member id is empty"));
        }

        if (ParseLength(layer.Length) is null)
        {
            errors.Add(new($"{path}.length", $"'{layer.Length}' is not a rotation length; use daily, weekly, Nd (days) or Nh (hours)"));
        }

        if (!DateOnly.TryParseExact(layer.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add(new($"{path}.start", $"'{layer.Start}' is not a date (yyyy-MM-dd) for the first shift"));
        }

        if (ParseTime(layer.HandoffTime) is null)
        {
            errors.Add(new($"{path}.handoffTime", $"'{layer.HandoffTime}' is not a time of day (HH:mm)"));
        }

        if (layer.TimeZone is not null && !TryZone(layer.TimeZone, out _))
        {
            errors.Add(new($"{path}.timeZone", $"'{layer.TimeZone}' is not a known IANA time zone"));
        }

        for (var r = 0; r < (layer.Restrictions?.Count ?? 0); r++)
        {
            var restriction = layer.Restrictions![r];
            var at = $"{path}.restrictions[{r}]";
            if (ParseTime(restriction.From) is null)
            {
                errors.Add(new($"{at}.from", $"'{restriction.From}' is not a time of day (HH:mm)"));
            }

            if (ParseTime(restriction.To) is null)
            {
                errors.Add(new($"{at}.to", $"'{restriction.To}' is not a time of day (HH:mm)"));
            }

            foreach (var day in restriction.Days ?? [])
            {
                if (ParseDay(day) is null)
                {
                    errors.Add(new($"{at}.days", $"'{day}' is not a day; use mon, tue, wed, thu, fri, sat or sun"));
                }
            }
        }
    }

    private readonly record struct Shift(string PersonId, DateTimeOffset Start, DateTimeOffset End);

    private static Shift? ShiftAt(RotationLayer layer, TimeZoneInfo zone, DateTimeOffset at)
    {
        var length = ParseLength(layer.Length)!.Value;
        var startDate = DateOnly.ParseExact(layer.Start, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var startLocal = startDate.ToDateTime(ParseTime(layer.HandoffTime)!.Value);
        var anchor = ToInstant(startLocal, zone);
        if (at < anchor)
        {
            return null;
        }

        long k;
        Func<long, DateTimeOffset> boundary;
        if (length.Days > 0)
        {
            var days = length.Days;
            boundary = n => ToInstant(startLocal.AddDays(n * days), zone);
            var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
            k = (long)Math.Floor((local - startLocal).TotalDays / days);
        }
        else
        {
            var hours = length.Hours;
            boundary = n => anchor + TimeSpan.FromHours(n * hours);
            k = (long)Math.Floor((at - anchor).TotalHours / hours);
        }

        while (boundary(k + 1) <= at)
        {
            k++;
        }

        while (k > 0 && boundary(k) > at)
        {
            k--;
        }

        var members = layer.Members;
        return new Shift(members[(int)(k % members.Count)], boundary(k), boundary(k + 1));
    }

    private static bool InRestrictions(RotationLayer layer, TimeZoneInfo zone, DateTimeOffset at)
    {
        if (layer.Restrictions is not { Count: > 0 })
        {
            return true;
        }

        var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
        foreach (var restriction in layer.Restrictions)
        {
            var from = ParseTime(restriction.From)!.Value;
            var to = ParseTime(restriction.To)!.Value;
            var days = restriction.Days is { Count: > 0 } named ? named.Select(d => ParseDay(d)!.Value).ToHashSet() : null;

            // A window that runs past midnight may have started the day before.
            for (var back = 0; back <= 1; back++)
            {
                var date = DateOnly.FromDateTime(local).AddDays(-back);
                if (days is not null && !days.Contains(date.DayOfWeek))
                {
                    continue;
                }

                var start = date.ToDateTime(from);
                var end = to > from ? date.ToDateTime(to) : date.AddDays(1).ToDateTime(to);
                if (start <= local && local < end)
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal readonly record struct RotationLength(int Days, int Hours);

    internal static RotationLength? ParseLength(string? text)
    {
        var value = text?.Trim().ToLowerInvariant();
        if (value == "daily")
        {
            return new RotationLength(1, 0);
        }

        if (value == "weekly")
        {
            return new RotationLength(7, 0);
        }

        var match = value is null ? Match.Empty : LengthPattern().Match(value);
        if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > 10_000)
        {
            return null;
        }

        return match.Groups[2].Value switch
        {
            "d" => new RotationLength(n, 0),
            "w" => new RotationLength(n * 7, 0),
            _ => new RotationLength(0, n),
        };
    }

    internal static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    internal static DayOfWeek? ParseDay(string? text)
    {
        var value = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value) || value.Length < 3)
        {
            return null;
        }

        var index = Array.IndexOf(DayNames, value[..3]);
        return index < 0 || !Enum.GetName((DayOfWeek)index)!.StartsWith(value, StringComparison.OrdinalIgnoreCase) ? null : (DayOfWeek)index;
    }

    [GeneratedRegex(@"^(\d+)\s*([dhw])$", RegexOptions.CultureInvariant)]
    private static partial Regex LengthPattern();
}
