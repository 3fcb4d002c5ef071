using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Activities.Escalation;
using Orchestrator.Persistence;

namespace Orchestrator.Api.Dashboard;

/// <summary>An escalation's first acknowledgement, with when the escalation started and the ticket's priority then.</summary>
internal sealed record Acknowledgement(string InstanceId, string ActivityId, string EscalationKey, DateTimeOffset StartedAt, DateTimeOffset At, string? Priority);

/// <summary>What the journal of one run says about escalating: a tier handoff started, a page beyond level 1.</summary>
internal sealed record RunEscalation(string InstanceId, bool HandedOff, bool PagedPastFirstLevel, IReadOnlyList<(string ActivityId, string EscalationKey, DateTimeOffset StartedAt, DateTimeOffset At)> Acknowledgements);

/// <summary>
/// Reads escalations from the journal of given runs, where <c>Orchestrator.Escalate</c> and
/// <c>Orchestrator.HandoffToTier</c> record them: an escalation starts with the activity's <c>Started</c> entry (its
/// first page goes out in the same burst), a page is the note "level N, round R: paged ...", an acknowledgement the
/// note "escalation KEY acknowledged by ...", and a tier handoff the <c>Started</c> entry of a handoff.
/// </summary>
internal static class EscalationJournal
{
    public const string EscalateType = "Orchestrator.Escalate";

    public const string HandoffType = "Orchestrator.HandoffToTier";

    public static async Task<IReadOnlyDictionary<string, RunEscalation>> ReadAsync(OrchestratorDbContext db, IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
    {
        var runs = new Dictionary<string, RunEscalation>(StringComparer.Ordinal);
        if (instanceIds.Count == 0)
        {
            return runs;
        }

        var ids = instanceIds.ToList();
        var rows = await db.Journal.AsNoTracking()
            .Where(j => ids.Contains(j.InstanceId) && (j.Entries.Contains(EscalateType) || j.Entries.Contains(HandoffType)))
            .OrderBy(j => j.InstanceId).ThenBy(j => j.FirstSequence)
            .Select(j => new { j.InstanceId, j.Entries })
            .ToListAsync(cancellationToken);
        foreach (var run in rows.GroupBy(r => r.InstanceId, StringComparer.Ordinal))
        {
            var handedOff = false;
            var pagedPastFirstLevel = false;
            var started = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            var acknowledgements = new List<(string, string, DateTimeOffset, DateTimeOffset)>();
            foreach (var row in run)
            {
                using var document = JsonDocument.Parse(row.Entries);
                foreach (var entry in document.RootElement.EnumerateArray())
                {
                    var type = entry.GetProperty("type").GetString();
                    var kind = entry.GetProperty("event").GetString();
                    var activityId = entry.GetProperty("activityId").GetString()!;
                    var at = entry.GetProperty("at").GetDateTimeOffset();
                    var message = entry.TryGetProperty("message", out var m) ? m.GetString() : null;
                    if (type == HandoffType && kind == "Started")
                    {
                        handedOff = true;
                    }
                    else if (type == EscalateType && kind == "Started")
                    {
                        started[activityId] = at;
                    }
                    else if (type == EscalateType && kind == "Note" && message is not null)
                    {
                        if (EscalationNotes.PagedLevel(message) > 1)
                        {
                            pagedPastFirstLevel = true;
                        }
                        else if (EscalationNotes.ReadAcknowledged(message) is { } ack && started.Remove(activityId, out var since))
                        {
                            // Only the first acknowledgement after a start counts; one given again after a timeout does not.
                            acknowledgements.Add((activityId, ack.EscalationKey, since, at));
                        }
                    }
                }
            }

            runs[run.Key] = new RunEscalation(run.Key, handedOff, pagedPastFirstLevel, acknowledgements);
        }

        return runs;
    }
}
