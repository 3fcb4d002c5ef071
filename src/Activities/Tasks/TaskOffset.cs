using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Tasks;

/// <summary>An offset written as <c>2d</c> (business days on the task's calendar) or <c>4h</c> (hours).</summary>
internal readonly record struct TaskOffset(int Amount, bool BusinessDays)
{
    public override string ToString() => BusinessDays ? $"{Amount}d" : $"{Amount}h";

    public static TaskOffset Parse(string field, string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var unit = trimmed.Length > 0 ? trimmed[^1] : ' ';
        if ((unit is 'd' or 'h') && int.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return new TaskOffset(amount, unit == 'd');
        }

        throw new InvalidOperationException($"input '{field}': '{text}' is not an offset; write business days as '2d' or hours as '4h'");
    }

    /// <summary>A list from a JSON array, a CLR list or a comma-separated string.</summary>
    public static IReadOnlyList<TaskOffset> ParseList(string field, object? value)
    {
        IEnumerable<string> items = value switch
        {
            null => [],
            string s when s.TrimStart().StartsWith('[') => (JsonNode.Parse(s) as JsonArray ?? []).Select(n => n?.ToString() ?? string.Empty),
            string s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            JsonArray a => a.Select(n => n?.ToString() ?? string.Empty),
            IEnumerable e => e.Cast<object?>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture) ?? string.Empty),
            _ => [Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty],
        };
        return [.. items.Where(i => i.Length > 0).Select(i => Parse(field, i))];
    }
}
