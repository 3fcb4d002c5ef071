using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Engine.Execution;
using Orchestrator.Journal;

namespace Orchestrator.Persistence;

/// <summary>The journal rows the burst committer writes, one per burst, read back entry by entry.</summary>
internal sealed class SqlJournalStore(Database database, TimeProvider time) : IJournalStore
{
    public bool WrittenWithBursts => true;

    public async ValueTask AppendAsync(string instanceId, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var known = (await ListAsync(instanceId, cancellationToken)).Select(e => e.Sequence).ToHashSet();
        var fresh = entries.Where(e => !known.Contains(e.Sequence)).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        await using var context = database.CreateContext();
        context.Journal.Add(new JournalRecord
        {
            InstanceId = instanceId,
            FirstSequence = fresh[0].Sequence,
            Entries = JsonSerializer.Serialize(fresh.Select(ToJson)),
            CreatedAt = time.GetUtcNow().UtcTicks,
        });
        await context.SaveChangesAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<JournalEntry>> ListAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var rows = await context.Journal.AsNoTracking()
            .Where(j => j.InstanceId == instanceId)
            .OrderBy(j => j.FirstSequence)
            .Select(j => j.Entries)
            .ToListAsync(cancellationToken);
        var entries = new List<JournalEntry>();
        foreach (var row in rows)
        {
            using var document = JsonDocument.Parse(row);
            foreach (var item in document.RootElement.EnumerateArray())
            {
                entries.Add(new JournalEntry(
                    item.GetProperty("seq").GetInt64(),
                    item.GetProperty("at").GetDateTimeOffset(),
                    item.GetProperty("activityId").GetString()!,
                    item.GetProperty("nodeId").GetString()!,
                    item.GetProperty("type").GetString()!,
                    Enum.Parse<JournalEvent>(item.GetProperty("event").GetString()!),
                    item.TryGetProperty("outcomes", out var outcomes) ? outcomes.GetString() : null,
                    item.TryGetProperty("message", out var message) ? message.GetString() : null));
            }
        }

        return entries;
    }

    private static Dictionary<string, object?> ToJson(JournalEntry entry) => new()
    {
        ["seq"] = entry.Sequence,
        ["at"] = entry.Timestamp,
        ["activityId"] = entry.ActivityId,
        ["nodeId"] = entry.ActivityNodeId,
        ["type"] = entry.ActivityType,
        ["event"] = entry.Event.ToString(),
        ["outcomes"] = entry.Outcomes,
        ["message"] = entry.Message,
    };
}
