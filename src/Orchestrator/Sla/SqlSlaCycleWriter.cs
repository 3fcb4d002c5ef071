using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Sla;
using Orchestrator.Engine.Execution;
using Orchestrator.Persistence;

namespace Orchestrator.Sla;

/// <summary>
/// Writes the SLA cycle records of a burst into <c>sla_cycles</c> inside the burst's transaction: a report never counts
/// a breach whose run was rolled back, nor misses one that was committed.
/// </summary>
internal sealed class SqlSlaCycleWriter : IBurstWriter
{
    private const string UpsertSql = """
        INSERT INTO sla_cycles (id, timer_id, instance_id, activity_id, definition_id, ticket_id, metric, priority, tier, calendar_id, target_minutes, cycle,
            status, is_open, started_at, deadline_at, met_at, breached_at, breach_theoretical_at, ended_at, business_elapsed_minutes, wall_clock_elapsed_minutes,
            paused_minutes, breach_reason, steps, updated_at)
        VALUES (@id, @timer_id, @instance_id, @activity_id, @definition_id, @ticket_id, @metric, @priority, @tier, @calendar_id, @target_minutes, @cycle,
            @status, @is_open, @started_at, @deadline_at, @met_at, @breached_at, @breach_theoretical_at, @ended_at, @business_elapsed_minutes, @wall_clock_elapsed_minutes,
            @paused_minutes, @breach_reason, @steps, @updated_at)
        ON CONFLICT (id) DO UPDATE SET priority = excluded.priority, tier = excluded.tier, target_minutes = excluded.target_minutes, status = excluded.status,
            is_open = excluded.is_open, deadline_at = excluded.deadline_at, met_at = excluded.met_at, breached_at = excluded.breached_at,
            breach_theoretical_at = excluded.breach_theoretical_at, ended_at = excluded.ended_at, business_elapsed_minutes = excluded.business_elapsed_minutes,
            wall_clock_elapsed_minutes = excluded.wall_clock_elapsed_minutes, paused_minutes = excluded.paused_minutes, breach_reason = excluded.breach_reason,
            steps = excluded.steps, updated_at = excluded.updated_at
        """;

    public async Task WriteAsync(DbConnection connection, DbTransaction transaction, WorkflowInstance instance, WorkflowChangeSet changes)
    {
        var cycles = changes.ReadModelChanges.Where(c => c.Kind == SlaCycleRecord.Kind).ToList();
        if (cycles.Count == 0)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertSql;
        foreach (var change in cycles)
        {
            var r = change.Record;
            command.Parameters.Clear();
            command.Add("@id", change.Key);
            command.Add("@timer_id", Text(r, "timerId") ?? change.Key);
            command.Add("@instance_id", change.WorkflowInstanceId);
            command.Add("@activity_id", change.ActivityId);
            command.Add("@definition_id", instance.DefinitionId);
            command.Add("@ticket_id", Text(r, "ticketId") ?? string.Empty);
            command.Add("@metric", Text(r, "metric") ?? string.Empty);
            command.Add("@priority", Text(r, "priority") ?? string.Empty);
            command.Add("@tier", Text(r, "tier"));
            command.Add("@calendar_id", Text(r, "calendarId") ?? string.Empty);
            command.Add("@target_minutes", Number(r, "targetMinutes"));
            command.Add("@cycle", (int)Number(r, "cycle"));
            command.Add("@status", Text(r, "status") ?? SlaCycleRecord.Running);
            command.Add("@is_open", r["open"]?.GetValue<bool>() ?? false);
            command.Add("@started_at", Ticks(r, "startedAt") ?? 0L);
            command.Add("@deadline_at", Ticks(r, "deadlineAt"));
            command.Add("@met_at", Ticks(r, "metAt"));
            command.Add("@breached_at", Ticks(r, "breachedAt"));
            command.Add("@breach_theoretical_at", Ticks(r, "breachTheoreticalAt"));
            command.Add("@ended_at", Ticks(r, "endedAt"));
            command.Add("@business_elapsed_minutes", Number(r, "businessElapsedMinutes"));
            command.Add("@wall_clock_elapsed_minutes", Number(r, "wallClockElapsedMinutes"));
            command.Add("@paused_minutes", Number(r, "pausedMinutes"));
            command.Add("@breach_reason", Text(r, "breachReason"));
            command.Add("@steps", (r["steps"] ?? new JsonArray()).ToJsonString());
            command.Add("@updated_at", Ticks(r, "updatedAt") ?? 0L);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static string? Text(JsonObject record, string name) => record[name]?.GetValue<string>();

    // Parsed from the JSON text: an in-memory node keeps the CLR type it was made from (int, double).
    private static double Number(JsonObject record, string name) =>
        record[name] is { } node ? double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture) : 0;

    private static long? Ticks(JsonObject record, string name) =>
        Text(record, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).UtcTicks : null;
}
