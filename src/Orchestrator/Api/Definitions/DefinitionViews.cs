using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orchestrator.Definitions;
using Orchestrator.Engine.Compilation;

namespace Orchestrator.Api.Definitions;

/// <summary>A definition in the list: its latest version, that version's status, and which version runs use.</summary>
internal sealed record DefinitionSummary(string DefinitionId, string Name, int Version, string Status, int? PublishedVersion, DateTimeOffset? UpdatedAt);

internal sealed record VersionSummary(
    string DefinitionId,
    string Id,
    string Name,
    int Version,
    string Status,
    bool IsLatest,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? RetractedAt,
    string? PublishNote,
    int? RevertedFrom)
{
    public static VersionSummary From(DefinitionVersion v) => new(
        v.DefinitionId,
        v.Definition.Id,
        v.Definition.Name,
        v.Version,
        DefinitionVersion.StatusName(v.Status),
        v.Definition.IsLatest,
        v.CreatedAt,
        v.UpdatedAt,
        v.PublishedAt,
        v.RetractedAt,
        v.PublishNote,
        v.RevertedFrom);
}

/// <summary>One version with its Elsa 3 JSON.</summary>
internal sealed record VersionDetails(
    string DefinitionId,
    string Id,
    string Name,
    int Version,
    string Status,
    bool IsLatest,
    int? PublishedVersion,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? PublishedAt,
    string? PublishNote,
    JsonObject Definition)
{
    public static VersionDetails From(DefinitionVersion v, DefinitionVersion? published) => new(
        v.DefinitionId,
        v.Definition.Id,
        v.Definition.Name,
        v.Version,
        DefinitionVersion.StatusName(v.Status),
        v.Definition.IsLatest,
        published?.Version,
        v.CreatedAt,
        v.UpdatedAt,
        v.PublishedAt,
        v.PublishNote,
        v.ToElsaJson());
}

internal sealed record SavedVersion(string DefinitionId, int Version, string Status)
{
    public static SavedVersion From(DefinitionVersion v) => new(v.DefinitionId, v.Version, DefinitionVersion.StatusName(v.Status));

    [JsonIgnore]
    public string Location => $"/api/workflow-definitions/{DefinitionId}/versions/{Version}";
}

/// <summary>A problem found compiling a definition; <c>field</c> names the input when there is one.</summary>
internal sealed record ProblemView(string? ActivityId, string? Field, string Message, string Severity)
{
    public static ProblemView From(CompileProblem problem) => new(
        problem.ActivityId,
        problem.Field,
        problem.Field is null ? problem.Message : $"{problem.Field}: {problem.Message}",
        problem.Severity.ToString());
}
