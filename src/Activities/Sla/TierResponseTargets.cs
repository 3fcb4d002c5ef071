using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Sla;

/// <summary>
/// The response targets of each support tier per priority, in minutes: how long the tier holding a ticket has to respond
/// to it. The defaults are the seed's "Support Tiers and Response Times"; a definition may override any cell.
/// </summary>
public static class TierResponseTargets
{
    public const string Metric = "tier-response";

    public static readonly string[] Tiers = ["L1", "L2", "L3"];

    /// <summary>Tier 1 P1 1 h / P2 4 h / P3 8 h / P4 24 h; Tier 2 30 min / 2 h / 8 h / 48 h; Tier 3 15 min / 1 h / 4 h / 24 h.</summary>
    public static Dictionary<string, Dictionary<string, int>> Defaults() => new(StringComparer.Ordinal)
    {
        ["L1"] = new(StringComparer.Ordinal) { ["P1"] = 60, ["P2"] = 240, ["P3"] = 480, ["P4"] = 1440 },
        ["L2"] = new(StringComparer.Ordinal) { ["P1"] = 30, ["P2"] = 120, ["P3"] = 480, ["P4"] = 2880 },
        ["L3"] = new(StringComparer.Ordinal) { ["P1"] = 15, ["P2"] = 60, ["P3"] = 240, ["P4"] = 1440 },
    };

    /// <summary>L1..L3 from "L2", "l2", "2", "Tier 2" or "tier-2"; null when unknown.</summary>
    public static string? NormaliseTier(string? tier)
    {
        var text = tier?.Trim().ToUpperInvariant().Replace("TIER", string.Empty, StringComparison.Ordinal).Trim(' ', '-', '_');
        return text switch
        {
            "L1" or "1" => "L1",
            "L2" or "2" => "L2",
            "L3" or "3" => "L3",
            _ => null,
        };
    }

    /// <summary>
    /// The targets by priority for <paramref name="tier"/>: the defaults, overridden by <paramref name="value"/>, which is
    /// either a table by tier (<c>{"L2": {"P1": 20}}</c>) or the tier's own row (<c>{"P1": 20}</c>). Errors name the cell.
    /// </summary>
    public static Dictionary<string, int> For(string tier, object? value)
    {
        var targets = Defaults()[tier];
        var node = SlaPolicy.AsJson(value);
        if (node is null)
        {
            return targets;
        }

        if (node is not JsonObject table)
        {
            throw new InvalidOperationException("input 'targets': must be an object of minutes by tier and priority, e.g. {\"L2\": {\"P1\": 30}}, or by priority for this tier");
        }

        if (table.Count > 0 && table.All(p => NormaliseTier(p.Key) is not null && SlaPolicy.NormalisePriority(p.Key) is null))
        {
            foreach (var (key, row) in table)
            {
                if (row is not JsonObject cells)
                {
                    throw new InvalidOperationException($"input 'targets.{key}': must be an object of minutes by priority, e.g. {{\"P1\": 30}}");
                }

                // Other tiers' rows are checked too, so a typo there is not silently ignored.
                Overlay(NormaliseTier(key) == tier ? targets : Defaults()[NormaliseTier(key)!], cells, $"targets.{key}");
            }

            return targets;
        }

        Overlay(targets, table, "targets");
        return targets;
    }

    private static void Overlay(Dictionary<string, int> targets, JsonObject row, string path)
    {
        var read = SlaPolicy.ReadTargets(row, Metric, path);
        foreach (var (key, _) in row)
        {
            var priority = SlaPolicy.NormalisePriority(key)!;
            targets[priority] = read[priority];
        }
    }
}
