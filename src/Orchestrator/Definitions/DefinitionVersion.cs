using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Definitions;

namespace Orchestrator.Definitions;

/// <summary>Whether new runs use a version: never published, the published one, or published once and withdrawn since.</summary>
internal enum VersionStatus
{
    Draft,
    Published,
    Retracted,
}

/// <summary>
/// One stored version with its lifecycle. Elsa's format has only <c>isPublished</c> and <c>createdAt</c>, so the
/// rest (when it changed, was published or retracted, the publish note) is kept in the document under
/// <see cref="Key"/>: whatever store holds the document holds the lifecycle too. Exports leave it out.
/// </summary>
internal sealed record DefinitionVersion(
    WorkflowDefinition Definition,
    VersionStatus Status,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? RetractedAt,
    string? PublishNote,
    int? RevertedFrom)
{
    public const string Key = "lifecycle";

    public string DefinitionId => Definition.DefinitionId;

    public int Version => Definition.Version;

    public static DefinitionVersion Of(WorkflowDefinition definition)
    {
        var lifecycle = definition.Document[Key] as JsonObject;
        var publishedAt = ReadTime(lifecycle, "publishedAt");
        var status = definition.IsPublished ? VersionStatus.Published : publishedAt is null ? VersionStatus.Draft : VersionStatus.Retracted;
        return new DefinitionVersion(
            definition,
            status,
            ReadTime(definition.Document, "createdAt"),
            ReadTime(lifecycle, "updatedAt") ?? ReadTime(definition.Document, "createdAt"),
            publishedAt,
            ReadTime(lifecycle, "retractedAt"),
            JsonRead.GetString(lifecycle, "publishNote"),
            JsonRead.GetInt(lifecycle, "revertedFrom"));
    }

    /// <summary>The Elsa 3 JSON of this version as it would be imported elsewhere: the stored document without the lifecycle.</summary>
    public JsonObject ToElsaJson()
    {
        var copy = (JsonObject)Definition.Document.DeepClone();
        copy.Remove(Key);
        return copy;
    }

    public static string StatusName(VersionStatus status) => status switch
    {
        VersionStatus.Draft => "draft",
        VersionStatus.Published => "published",
        _ => "retracted",
    };

    public static string FormatTime(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ReadTime(JsonObject? obj, string key) =>
        JsonRead.GetString(obj, key) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;
}
