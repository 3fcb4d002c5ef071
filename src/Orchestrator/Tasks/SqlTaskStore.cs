using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Activities.Tasks;
using Orchestrator.Engine.Execution;
using Orchestrator.Persistence;

namespace Orchestrator.Tasks;

/// <summary>Reads the <c>human_tasks</c> table.</summary>
internal sealed class SqlTaskStore(Database database) : ITaskStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async ValueTask<HumanTask?> FindAsync(string taskId, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var record = await context.Set<HumanTaskRecord>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        return record is null ? null : FromRecord(record);
    }

    public async ValueTask<IReadOnlyList<HumanTask>> ListAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var tasks = context.Set<HumanTaskRecord>().AsNoTracking();
        if (query.OwnerPersonId is { } owner)
        {
            tasks = tasks.Where(t => t.OwnerPersonId == owner);
        }

        if (query.Status is { } status)
        {
            tasks = tasks.Where(t => t.Status == status);
        }

        if (query.AccountId is { } account)
        {
            tasks = tasks.Where(t => t.AccountId == account);
        }

        if (query.DueBefore is { } before)
        {
            var ticks = before.UtcTicks;
            tasks = tasks.Where(t => t.DueAt != null && t.DueAt < ticks);
        }

        if (query.WorkflowInstanceId is { } instance)
        {
            tasks = tasks.Where(t => t.InstanceId == instance);
        }

        var records = await tasks
            .OrderBy(t => t.DueAt == null)
            .ThenBy(t => t.DueAt)
            .ThenBy(t => t.CreatedAt)
            .ThenBy(t => t.Id)
            .Take(query.Limit)
            .ToListAsync(cancellationToken);
        return [.. records.Select(FromRecord)];
    }

    private static HumanTask FromRecord(HumanTaskRecord r) => new()
    {
        Id = r.Id,
        WorkflowInstanceId = r.InstanceId,
        ActivityId = r.ActivityId,
        DefinitionId = r.DefinitionId,
        Title = r.Title,
        Description = r.Description,
        OwnerPersonId = r.OwnerPersonId,
        OwnerRole = r.OwnerRole,
        AccountId = r.AccountId,
        Phase = r.Phase,
        Milestone = r.Milestone,
        DueAt = Instant(r.DueAt),
        Status = r.Status,
        CreatedAt = Instant(r.CreatedAt)!.Value,
        UpdatedAt = Instant(r.UpdatedAt)!.Value,
        CompletedAt = Instant(r.CompletedAt),
        CompletedBy = r.CompletedBy,
        Comment = r.Comment,
        Reassignments = JsonSerializer.Deserialize<List<TaskReassignment>>(r.Reassignments, Json) ?? [],
    };

    private static DateTimeOffset? Instant(long? ticks) => ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}

/// <summary>
/// Writes the task records of a burst into <c>human_tasks</c> inside the burst's transaction: a task exists exactly when
/// the run that waits on it was committed, and a crash cannot leave one behind.
/// </summary>
internal sealed class SqlTaskWriter : IBurstWriter
{
    private const string UpsertSql = """
        INSERT INTO human_tasks (id, instance_id, activity_id, definition_id, title, description, owner_person_id, owner_role, account_id, phase, milestone,
            due_at, status, created_at, updated_at, completed_at, completed_by, comment, reassignments)
        VALUES (@id, @instance_id, @activity_id, @definition_id, @title, @description, @owner_person_id, @owner_role, @account_id, @phase, @milestone,
            @due_at, @status, @created_at, @updated_at, @completed_at, @completed_by, @comment, @reassignments)
        ON CONFLICT (id) DO UPDATE SET title = excluded.title, description = excluded.description, owner_person_id = excluded.owner_person_id,
            owner_role = excluded.owner_role, account_id = excluded.account_id, phase = excluded.phase, milestone = excluded.milestone,
            due_at = excluded.due_at, status = excluded.status, updated_at = excluded.updated_at, completed_at = excluded.completed_at,
            completed_by = excluded.completed_by, comment = excluded.comment, reassignments = excluded.reassignments
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task WriteAsync(DbConnection connection, DbTransaction transaction, WorkflowInstance instance, WorkflowChangeSet changes)
    {
        if (changes.TaskChanges.Count == 0)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertSql;
        foreach (var change in changes.TaskChanges)
        {
            var task = HumanTask.FromJson(change.Record);
            command.Parameters.Clear();
            command.Add("@id", task.Id);
            command.Add("@instance_id", task.WorkflowInstanceId);
            command.Add("@activity_id", task.ActivityId);
            command.Add("@definition_id", task.DefinitionId);
            command.Add("@title", task.Title);
            command.Add("@description", task.Description);
            command.Add("@owner_person_id", task.OwnerPersonId);
            command.Add("@owner_role", task.OwnerRole);
            command.Add("@account_id", task.AccountId);
            command.Add("@phase", task.Phase);
            command.Add("@milestone", task.Milestone);
            command.Add("@due_at", task.DueAt?.UtcTicks);
            command.Add("@status", task.Status);
            command.Add("@created_at", task.CreatedAt.UtcTicks);
            command.Add("@updated_at", task.UpdatedAt.UtcTicks);
            command.Add("@completed_at", task.CompletedAt?.UtcTicks);
            command.Add("@completed_by", task.CompletedBy);
            command.Add("@comment", task.Comment);
            command.Add("@reassignments", JsonSerializer.Serialize(task.Reassignments, Json));
            await command.ExecuteNonQueryAsync();
        }
    }
}
