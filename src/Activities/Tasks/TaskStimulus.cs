using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Tasks;

/// <summary>
/// The stimulus that acts on a waiting task: complete, cancel or reassign. Key: the task id. Input:
/// <c>{"action": "complete|cancel|reassign", "by": "...", "comment": "...", "to": "personId"}</c>; no action means complete.
/// </summary>
public static class TaskStimulus
{
    public const string Name = "Orchestrator.Task";

    /// <summary>The due-time bookmark of a task's next reminder, due notice or escalation.</summary>
    public const string TimerName = "Orchestrator.TaskTimer";

    public const string Complete = "complete";

    public const string Cancel = "cancel";

    public const string Reassign = "reassign";

    public static JsonObject Input(string action, string? by, string? comment, string? to = null) => new()
    {
        ["action"] = action,
        ["by"] = by,
        ["comment"] = comment,
        ["to"] = to,
    };
}

/// <summary>A parsed task stimulus.</summary>
internal sealed record TaskAction(string Action, string? By, string? Comment, string? To)
{
    public static TaskAction Parse(object? input)
    {
        var json = input switch
        {
            null => null,
            JsonObject o => o,
            JsonNode n => n as JsonObject,
            string s when s.TrimStart().StartsWith('{') => JsonNode.Parse(s) as JsonObject,
            string s => new JsonObject { ["comment"] = s },
            _ => JsonSerializer.SerializeToNode(input, TaskJson.Options) as JsonObject,
        };
        var action = Text(json, "action")?.ToLowerInvariant() ?? TaskStimulus.Complete;
        if (action is not (TaskStimulus.Complete or TaskStimulus.Cancel or TaskStimulus.Reassign))
        {
            throw new InvalidOperationException($"task stimulus: unknown action '{action}'; expected complete, cancel or reassign");
        }

        return new TaskAction(action, Text(json, "by"), Text(json, "comment"), Text(json, "to"));
    }

    private static string? Text(JsonObject? json, string name)
    {
        if (json is null)
        {
            return null;
        }

        foreach (var (key, value) in json)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && value is JsonValue v && v.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
            {
                return text;
            }
        }

        return null;
    }
}
