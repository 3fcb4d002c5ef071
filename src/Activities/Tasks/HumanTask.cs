using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orchestrator.Activities.Tasks;

/// <summary>
/// A task a person owns, as the task list shows it. The <see cref="AssignTask"/> activity that created it is its only
/// writer: every change (assigned, reassigned, overdue, completed, cancelled) is recorded in the burst that made it.
/// </summary>
public sealed record HumanTask
{
    public required string Id { get; init; }

    public required string WorkflowInstanceId { get; init; }

    public required string ActivityId { get; init; }

    public string? DefinitionId { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    /// <summary>The person who owns the task now.</summary>
    public required string OwnerPersonId { get; init; }

    /// <summary>The role the owner was picked for (<c>csm</c>) when the task was assigned to a role.</summary>
    public string? OwnerRole { get; init; }

    public string? AccountId { get; init; }

    /// <summary>A playbook phase label (<c>Foundation</c>), for progress per phase.</summary>
    public string? Phase { get; init; }

    /// <summary>The milestone (phase gate) this task counts towards.</summary>
    public string? Milestone { get; init; }

    public DateTimeOffset? DueAt { get; init; }

    /// <summary>One of <see cref="HumanTaskStatus"/>.</summary>
    public required string Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? CompletedBy { get; init; }

    public string? Comment { get; init; }

    public IReadOnlyList<TaskReassignment> Reassignments { get; init; } = [];

    /// <summary>Open or overdue: the owner can still complete it.</summary>
    [JsonIgnore]
    public bool IsActive => Status is HumanTaskStatus.Open or HumanTaskStatus.Overdue;

    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, TaskJson.Options)!.AsObject();

    public static HumanTask FromJson(JsonNode json) =>
        json.Deserialize<HumanTask>(TaskJson.Options) ?? throw new JsonException("a task record is null");
}

/// <summary>One change of owner: who had it, who has it, who moved it and why.</summary>
public sealed record TaskReassignment(string From, string To, string? By, DateTimeOffset At, string? Comment);

/// <summary>The statuses a task goes through.</summary>
public static class HumanTaskStatus
{
    public const string Open = "open";

    /// <summary>Past its due time and still waiting to be completed.</summary>
    public const string Overdue = "overdue";

    public const string Completed = "completed";

    public const string Cancelled = "cancelled";

    /// <summary>Past its due time with nobody waiting any more: its activity ended with <c>Overdue</c> (<c>completeWhenOverdue</c>).</summary>
    public const string Expired = "expired";

    public static IReadOnlyList<string> All { get; } = [Open, Overdue, Completed, Cancelled, Expired];
}

internal static class TaskJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
