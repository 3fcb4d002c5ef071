namespace Orchestrator.Activities.Incidents;

/// <summary>
/// Incident severities and the ticket priorities they correspond to: SEV1 = P1 (critical), SEV2 = P2 (high), SEV3 = P3
/// and P4. The status-update cadence follows the seed's SLA table: P1 every 2 h, P2 daily, lower priorities none.
/// </summary>
public static class IncidentSeverity
{
    public static IReadOnlyList<string> Accepted { get; } = ["SEV1", "SEV2", "SEV3", "P1", "P2", "P3", "P4"];

    /// <summary>Reads <c>SEV1</c>..<c>SEV3</c> or <c>P1</c>..<c>P4</c> (any case); false for anything else.</summary>
    public static bool TryParse(string? text, out string severity, out string priority)
    {
        (severity, priority) = text?.Trim().ToUpperInvariant() switch
        {
            "SEV1" or "P1" => ("SEV1", "P1"),
            "SEV2" or "P2" => ("SEV2", "P2"),
            "SEV3" or "P3" => ("SEV3", "P3"),
            "P4" => ("SEV3", "P4"),
            _ => (string.Empty, string.Empty),
        };
        return severity.Length > 0;
    }

    /// <summary>The default cadence of status updates for a severity or priority; null when none is required.</summary>
    public static TimeSpan? DefaultCadence(string? severityOrPriority) =>
        TryParse(severityOrPriority, out var severity, out _)
            ? severity switch
            {
                "SEV1" => TimeSpan.FromHours(2),
                "SEV2" => TimeSpan.FromDays(1),
                _ => null,
            }
            : null;
}
