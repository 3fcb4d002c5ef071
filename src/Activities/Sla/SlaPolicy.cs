using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Sla;

/// <summary>What an SLA timer measures and against which targets; read from the activity's inputs when it starts.</summary>
public sealed class SlaPolicy
{
    public const string KeepElapsed = "keep-elapsed";
    public const string Restart = "restart";
    public const string Retroactive = "retroactive";

    public static readonly string[] Metrics = ["first-response", "next-response", "resolution", TierResponseTargets.Metric];
    public static readonly string[] Policies = [KeepElapsed, Restart, Retroactive];
    public static readonly string[] Priorities = ["P1", "P2", "P3", "P4"];

    public string Metric { get; set; } = "resolution";

    public string CalendarId { get; set; } = DefaultCalendars.AlwaysOpen;

    public string PriorityChange { get; set; } = KeepElapsed;

    /// <summary>Target minutes by priority.</summary>
    public Dictionary<string, int> Targets { get; set; } = new(StringComparer.Ordinal);

    public List<double> WarningPercents { get; set; } = [50, 75];

    public List<int> WarningMinutesBeforeBreach { get; set; } = [];

    /// <summary>The ticket SLA table's targets: first response 1 h / 4 h / 24 h / 48 h, resolution 4 h / 24 h / 72 h / 7 days.</summary>
    public static Dictionary<string, int> DefaultTargets(string metric) => metric switch
    {
        "resolution" => new(StringComparer.Ordinal) { ["P1"] = 240, ["P2"] = 1440, ["P3"] = 4320, ["P4"] = 10080 },
        _ => new(StringComparer.Ordinal) { ["P1"] = 60, ["P2"] = 240, ["P3"] = 1440, ["P4"] = 2880 },
    };

    /// <summary>P1..P4 from our names or the ticketing systems' (urgent/high/normal/low, 1..4); null when unknown.</summary>
    public static string? NormalisePriority(string? priority) => priority?.Trim().ToUpperInvariant() switch
    {
        "P1" or "1" or "URGENT" or "CRITICAL" => "P1",
        "P2" or "2" or "HIGH" => "P2",
        "P3" or "3" or "NORMAL" or "MEDIUM" => "P3",
        "P4" or "4" or "LOW" => "P4",
        _ => null,
    };

    /// <summary>An input's value as JSON: a node as it is, JSON text parsed, any other object serialised; null or blank text is null.</summary>
    public static JsonNode? AsJson(object? value) => value switch
    {
        null => null,
        JsonNode n => n,
        JsonElement e => JsonNode.Parse(e.GetRawText()),
        string s when string.IsNullOrWhiteSpace(s) => null,
        string s => JsonNode.Parse(s),
        _ => JsonSerializer.SerializeToNode(value),
    };

    /// <summary>Targets from <c>{"P1": 60, ...}</c> (JSON text, node or dictionary); errors name <c>targets.P1</c> (<paramref name="input"/> then the key).</summary>
    public static Dictionary<string, int> ReadTargets(object? value, string metric, string input = "targets")
    {
        var targets = DefaultTargets(metric);
        var node = AsJson(value);
        if (node is null)
        {
            return targets;
        }

        if (node is not JsonObject obj)
        {
            throw new InvalidOperationException($"input '{input}': must be an object of minutes by priority, e.g. {{\"P1\": 240, \"P2\": 1440}}");
        }

        foreach (var (key, item) in obj)
        {
            var priority = NormalisePriority(key) ?? throw new InvalidOperationException($"input '{input}': '{key}' is not a priority (P1..P4)");
            if (item is not JsonValue v || !(v.TryGetValue<int>(out var minutes) || (v.TryGetValue<string>(out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out minutes))) || minutes <= 0)
            {
                throw new InvalidOperationException($"input '{input}.{key}': '{item?.ToJsonString()}' is not a positive number of minutes");
            }

            targets[priority] = minutes;
        }

        return targets;
    }

    /// <summary>A comma-separated list of numbers ("50, 75"); errors name the input.</summary>
    public static List<double> ReadNumbers(string? text, string input, double min, double max)
    {
        var values = new List<double>();
        foreach (var part in (text ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= min || value >= max)
            {
                throw new InvalidOperationException($"input '{input}': '{part}' must be a number above {min} and below {max}");
            }

            values.Add(value);
        }

        return [.. values.Distinct().Order()];
    }
}
