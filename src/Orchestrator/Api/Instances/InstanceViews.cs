using System.Text.Json.Nodes;
using Orchestrator.Engine.Bookmarks;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Api.Instances;

internal sealed record InstanceSummary(
    string Id,
    string DefinitionId,
    int Version,
    string Status,
    string SubStatus,
    string? CorrelationId,
    string? Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt)
{
    public static InstanceSummary From(WorkflowInstance i) =>
        new(i.Id, i.DefinitionId, i.Version, i.Status.ToString(), i.SubStatus.ToString(), i.CorrelationId, i.Name, i.CreatedAt, i.UpdatedAt, i.FinishedAt);
}

internal sealed record InstancePageView(IReadOnlyList<InstanceSummary> Items, int Total, int Page, int PageSize);

internal sealed record BookmarkView(string Id, string Name, string ActivityId, string? Key, DateTimeOffset? DueAt, string? CorrelationId)
{
    public static BookmarkView From(Bookmark b) => new(b.Id, b.Name, b.ActivityId, b.Key, b.DueAt, b.CorrelationId);
}

internal sealed record IncidentView(string Id, string ActivityId, string ActivityType, string Message, string? ExceptionType, DateTimeOffset Timestamp, bool Resolved, bool IsFault)
{
    public static IncidentView From(Incident i) => new(i.Id, i.ActivityId, i.ActivityType, i.Message, i.ExceptionType, i.Timestamp, i.Resolved, i.IsFault);
}

internal sealed record InstanceDetails(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    string Status,
    string SubStatus,
    string? CorrelationId,
    string? Name,
    string? ParentInstanceId,
    Dictionary<string, JsonNode?> Variables,
    Dictionary<string, JsonNode?> Input,
    Dictionary<string, JsonNode?> Output,
    IReadOnlyList<BookmarkView> Bookmarks,
    IReadOnlyList<IncidentView> Incidents,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt)
{
    public static InstanceDetails From(WorkflowInstance i) => new(
        i.Id,
        i.DefinitionId,
        i.DefinitionVersionId,
        i.Version,
        i.Status.ToString(),
        i.SubStatus.ToString(),
        i.CorrelationId,
        i.Name,
        i.ParentInstanceId,
        Json(i.GetVariables()),
        Json(i.Input),
        Json(i.Output),
        [.. i.Bookmarks.Select(BookmarkView.From)],
        [.. i.Incidents.Select(IncidentView.From)],
        i.CreatedAt,
        i.UpdatedAt,
        i.FinishedAt);

    private static Dictionary<string, JsonNode?> Json(IEnumerable<KeyValuePair<string, object?>> values) =>
        values.ToDictionary(v => v.Key, v => ValueModel.ToJsonNode(v.Value), StringComparer.Ordinal);
}

/// <summary>Where an instance stands after an operation on it.</summary>
internal sealed record InstanceState(string InstanceId, string Status, string SubStatus)
{
    public static InstanceState From(WorkflowInstance i) => new(i.Id, i.Status.ToString(), i.SubStatus.ToString());
}

internal sealed record JournalEntryView(long Sequence, DateTimeOffset Timestamp, string ActivityId, string ActivityNodeId, string ActivityType, string Event, string? Outcomes, string? Message)
{
    public static JournalEntryView From(JournalEntry e) =>
        new(e.Sequence, e.Timestamp, e.ActivityId, e.ActivityNodeId, e.ActivityType, e.Event.ToString(), e.Outcomes, e.Message);
}
