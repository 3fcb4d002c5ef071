using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Incidents;

/// <summary>
/// The stimuli an incident's run waits for, keyed by the incident id. Each carries
/// <c>{"text", "statusPage", "by", "at"}</c>.
/// </summary>
public static class IncidentStimuli
{
    /// <summary>The commander posted a status update.</summary>
    public const string Update = "Orchestrator.IncidentUpdate";

    /// <summary>The incident was resolved.</summary>
    public const string Resolve = "Orchestrator.IncidentResolve";

    /// <summary>The incident was closed.</summary>
    public const string Close = "Orchestrator.IncidentClose";

    /// <summary>The due time of the next status update, or of the escalation of a late one.</summary>
    public const string Timer = "Orchestrator.StatusUpdateTimer";

    public static IReadOnlyList<string> Names { get; } = [Update, Resolve, Close];

    public static JsonObject Input(IncidentUpdate update) => new()
    {
        ["type"] = update.Type,
        ["text"] = update.Text,
        ["statusPage"] = update.StatusPage,
        ["by"] = update.By,
        ["at"] = update.At,
    };
}
