using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Activities.Escalation;

/// <summary>An acknowledgement as <c>Orchestrator.Escalate</c> notes it in the run's journal; <c>By</c> is null when unknown.</summary>
public sealed record AcknowledgedNote(string EscalationKey, string? By, int Level, int Round);

/// <summary>
/// The journal notes <c>Orchestrator.Escalate</c> writes for each page and each acknowledgement, written and read here
/// only, so the incident console and the dashboard read exactly what the activity wrote.
/// </summary>
public static partial class EscalationNotes
{
    private const string UnknownPerson = "unknown";

    public static string Paged(int level, int round, string personId, string target, string channels) =>
        string.Create(CultureInfo.InvariantCulture, $"level {level}, round {round}: paged {personId} ({target}) by {channels}");

    public static string Acknowledged(string escalationKey, string? by, int level, int round) =>
        string.Create(CultureInfo.InvariantCulture, $"escalation {escalationKey} acknowledged by {by ?? UnknownPerson} at level {level}, round {round}");

    /// <summary>The level of a page note; null when the note is not one.</summary>
    public static int? PagedLevel(string note) =>
        PagedPattern().Match(note) is { Success: true } match ? int.Parse(match.Groups["level"].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>The acknowledgement a note records; null when the note is not one.</summary>
    public static AcknowledgedNote? ReadAcknowledged(string note)
    {
        if (AcknowledgedPattern().Match(note) is not { Success: true } match)
        {
            return null;
        }

        var by = match.Groups["by"].Value;
        return new AcknowledgedNote(
            match.Groups["key"].Value,
            by == UnknownPerson ? null : by,
            int.Parse(match.Groups["level"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["round"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^level (?<level>\d+), round (?<round>\d+): paged ")]
    private static partial Regex PagedPattern();

    [GeneratedRegex(@"^escalation (?<key>.+) acknowledged by (?<by>.+) at level (?<level>\d+), round (?<round>\d+)$")]
    private static partial Regex AcknowledgedPattern();
}
