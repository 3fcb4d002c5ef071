using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Sla;

/// <summary>
/// The calendars the product ships with, written at start when absent: the Singapore L1 support hours with Singapore's
/// public holidays (emergency only, so closed; the emergency line is <c>24x7</c>), 24/7, and the follow-the-sun hubs.
/// The first four hubs (<c>americas</c>, <c>europe</c>, <c>apac</c>, <c>mea</c>) keep their ids; every hub zone named in
/// the seed has its own calendar, named region-city. The hubs open Monday to Friday 08:00-18:00 local time, which
/// together cover every weekday hour in UTC (APAC 00:00-10:00, Europe 08:00-18:00 in winter, Americas 14:00-24:00 in winter).
/// </summary>
public static class DefaultCalendars
{
    public const string SingaporeL1 = "singapore-l1";
    public const string AlwaysOpen = "24x7";
    public const string Americas = "americas";
    public const string Europe = "europe";
    public const string Apac = "apac";
    public const string Mea = "mea";
    public const string AmericasToronto = "americas-toronto";
    public const string EuropeBerlin = "europe-berlin";
    public const string ApacSydney = "apac-sydney";
    public const string ApacTokyo = "apac-tokyo";

    private static readonly string[] WorkingDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

    /// <summary>
    /// Singapore's gazetted public holidays (Ministry of Manpower lists). A holiday on a Sunday also closes the Monday after
    /// it, as the list gives it. 2026 is the list released in June 2025; its Hari Raya dates were announced subject to
    /// confirmation. For 2027 only the dates fixed by the calendar (and the lunar new year with its observed Monday) are
    /// shipped: the dates of Hari Raya Puasa, Vesak Day, Hari Raya Haji and Deepavali are added once confirmed.
    /// </summary>
    public static IReadOnlyList<(string Date, string Name)> SingaporePublicHolidays { get; } =
    [
        ("2026-01-01", "New Year's Day"),
        ("2026-02-17", "Chinese New Year"),
        ("2026-02-18", "Chinese New Year"),
        ("2026-03-21", "Hari Raya Puasa"),
        ("2026-04-03", "Good Friday"),
        ("2026-05-01", "Labour Day"),
        ("2026-05-27", "Hari Raya Haji"),
        ("2026-05-31", "Vesak Day"),
        ("2026-06-01", "Vesak Day (observed)"),
        ("2026-08-09", "National Day"),
        ("2026-08-10", "National Day (observed)"),
        ("2026-11-08", "Deepavali"),
        ("2026-11-09", "Deepavali (observed)"),
        ("2026-12-25", "Christmas Day"),
        ("2027-01-01", "New Year's Day"),
        ("2027-02-06", "Chinese New Year"),
        ("2027-02-07", "Chinese New Year"),
        ("2027-02-08", "Chinese New Year (observed)"),
        ("2027-03-26", "Good Friday"),
        ("2027-05-01", "Labour Day"),
        ("2027-08-09", "National Day"),
        ("2027-12-25", "Christmas Day"),
    ];

    public static IReadOnlyList<(string Id, JsonObject Body)> All =>
    [
        (SingaporeL1, Calendar("Singapore L1 support hours", "Asia/Singapore", Weekdays("08:00", "20:00").Append(Day("Saturday", "09:00", "17:00")).Append(Day("Sunday", "10:00", "16:00")), SingaporePublicHolidays)),
        (AlwaysOpen, new JsonObject { ["name"] = "24/7", ["timeZone"] = "UTC", ["alwaysOpen"] = true, ["weekly"] = new JsonArray(), ["holidays"] = new JsonArray() }),
        (Americas, Calendar("Americas hub", "America/Chicago", Weekdays("08:00", "18:00"))),
        (AmericasToronto, Calendar("Americas hub (Toronto)", "America/Toronto", Weekdays("08:00", "18:00"))),
        (Europe, Calendar("Europe hub", "Europe/Dublin", Weekdays("08:00", "18:00"))),
        (EuropeBerlin, Calendar("Europe hub (Berlin)", "Europe/Berlin", Weekdays("08:00", "18:00"))),
        (Apac, Calendar("APAC hub", "Asia/Singapore", Weekdays("08:00", "18:00"))),
        (ApacSydney, Calendar("APAC hub (Sydney)", "Australia/Sydney", Weekdays("08:00", "18:00"))),
        (ApacTokyo, Calendar("APAC hub (Tokyo)", "Asia/Tokyo", Weekdays("08:00", "18:00"))),
        (Mea, Calendar("MEA hub", "Asia/Dubai", Weekdays("08:00", "18:00"))),
    ];

    private static JsonObject Calendar(string name, string zone, IEnumerable<JsonObject> weekly, IReadOnlyList<(string Date, string Name)>? closedOn = null) => new()
    {
        ["name"] = name,
        ["timeZone"] = zone,
        ["alwaysOpen"] = false,
        ["weekly"] = new JsonArray([.. weekly]),
        ["holidays"] = new JsonArray([.. (closedOn ?? []).Select(h => (JsonNode)new JsonObject { ["date"] = h.Date, ["name"] = h.Name })]),
    };

    private static IEnumerable<JsonObject> Weekdays(string open, string close) =>
        WorkingDays.Select(d => Day(d, open, close));

    private static JsonObject Day(string day, string open, string close) => new() { ["day"] = day, ["open"] = open, ["close"] = close };
}
