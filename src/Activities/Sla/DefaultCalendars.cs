using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Sla;

/// <summary>
/// The calendars the product ships with, written at start when absent: the Singapore L1 support hours, 24/7, and the
/// four follow-the-sun hubs. The hubs open Monday to Friday 08:00-18:00 local time, which together cover every
/// weekday hour in UTC (APAC 00:00-10:00, Europe 08:00-18:00 in winter, Americas 14:00-24:00 in winter).
/// </summary>
public static class DefaultCalendars
{
    public const string SingaporeL1 = "singapore-l1";
    public const string AlwaysOpen = "24x7";
    public const string Americas = "americas";
    public const string Europe = "europe";
    public const string Apac = "apac";
    public const string Mea = "mea";

    private static readonly string[] WorkingDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

    public static IReadOnlyList<(string Id, JsonObject Body)> All =>
    [
        (SingaporeL1, Calendar("Singapore L1 support hours", "Asia/Singapore", Weekdays("08:00", "20:00").Append(Day("Saturday", "09:00", "17:00")).Append(Day("Sunday", "10:00", "16:00")))),
        (AlwaysOpen, new JsonObject { ["name"] = "24/7", ["timeZone"] = "UTC", ["alwaysOpen"] = true, ["weekly"] = new JsonArray(), ["holidays"] = new JsonArray() }),
        (Americas, Calendar("Americas hub", "America/Chicago", Weekdays("08:00", "18:00"))),
        (Europe, Calendar("Europe hub", "Europe/Dublin", Weekdays("08:00", "18:00"))),
        (Apac, Calendar("APAC hub", "Asia/Singapore", Weekdays("08:00", "18:00"))),
        (Mea, Calendar("MEA hub", "Asia/Dubai", Weekdays("08:00", "18:00"))),
    ];

    private static JsonObject Calendar(string name, string zone, IEnumerable<JsonObject> weekly) => new()
    {
        ["name"] = name,
        ["timeZone"] = zone,
        ["alwaysOpen"] = false,
        ["weekly"] = new JsonArray([.. weekly]),
        ["holidays"] = new JsonArray(),
    };

    private static IEnumerable<JsonObject> Weekdays(string open, string close) =>
        WorkingDays.Select(d => Day(d, open, close));

    private static JsonObject Day(string day, string open, string close) => new() { ["day"] = day, ["open"] = open, ["close"] = close };
}
