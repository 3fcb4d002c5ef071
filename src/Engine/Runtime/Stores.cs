using System.Collections.Concurrent;
using Orchestrator.Engine.Bookmarks;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Engine.Runtime;

/// <summary>Every version of every definition.</summary>
public interface IWorkflowDefinitionStore : IWorkflowActivityResolver
{
    ValueTask SaveAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default);

    ValueTask<WorkflowDefinition?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken = default);

    ValueTask<WorkflowDefinition?> FindLatestAsync(string definitionId, CancellationToken cancellationToken = default);

    ValueTask<WorkflowDefinition?> FindVersionAsync(string definitionId, int version, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<WorkflowDefinition>> ListPublishedAsync(CancellationToken cancellationToken = default);

    /// <summary>Every version of one definition, oldest first.</summary>
    ValueTask<IReadOnlyList<WorkflowDefinition>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default);

    /// <summary>The latest version of every definition.</summary>
    ValueTask<IReadOnlyList<WorkflowDefinition>> ListLatestAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes every version of a definition.</summary>
    ValueTask<bool> DeleteAsync(string definitionId, CancellationToken cancellationToken = default);
}

public interface IWorkflowInstanceStore
{
    ValueTask SaveAsync(WorkflowInstance instance, CancellationToken cancellationToken = default);

    ValueTask<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<WorkflowInstance>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>A page of instances matching the filter, newest first, with the total count.</summary>
    ValueTask<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default);
}

/// <summary>Filters for listing instances; null means any.</summary>
public sealed record InstanceQuery(string? DefinitionId = null, WorkflowSubStatus? SubStatus = null, string? CorrelationId = null, int Skip = 0, int Take = 50);

public sealed record InstancePage(IReadOnlyList<WorkflowInstance> Items, int Total);

/// <summary>Bookmarks indexed by stimulus (name and hash) for delivery.</summary>
public interface IBookmarkStore
{
    ValueTask ApplyAsync(IReadOnlyList<Bookmark> added, IReadOnlyList<Bookmark> removed, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<Bookmark>> FindAsync(string name, string hash, string? correlationId, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<Bookmark>> FindByInstanceAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Up to <paramref name="limit"/> timer bookmarks due by <paramref name="now"/>, in due order (then id), after the
    /// position <paramref name="after"/> when given: a backlog is read a page at a time, never all at once.
    /// </summary>
    ValueTask<IReadOnlyList<Bookmark>> FindDueAsync(DateTimeOffset now, DuePosition? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The earliest due time among the stored timer bookmarks; null when none is pending.</summary>
    ValueTask<DateTimeOffset?> FindNextDueAtAsync(CancellationToken cancellationToken = default);
}

/// <summary>A place in the due order of timer bookmarks: due time, then bookmark id.</summary>
public readonly record struct DuePosition(DateTimeOffset DueAt, string BookmarkId)
{
    public static DuePosition Of(Bookmark bookmark) => new(bookmark.DueAt ?? DateTimeOffset.MinValue, bookmark.Id);

    public bool Precedes(Bookmark bookmark)
    {
        var due = bookmark.DueAt ?? DateTimeOffset.MinValue;
        return DueAt < due || (DueAt == due && string.CompareOrdinal(BookmarkId, bookmark.Id) < 0);
    }
}

/// <summary>Triggers of published definitions, indexed by stimulus.</summary>
public interface ITriggerStore
{
    ValueTask ReplaceAsync(string definitionId, IReadOnlyList<StoredTrigger> triggers, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<StoredTrigger>> FindAsync(string name, string hash, CancellationToken cancellationToken = default);

    ValueTask<IReadOnlyList<StoredTrigger>> ListAsync(CancellationToken cancellationToken = default);
}

public sealed record StoredTrigger(string DefinitionId, string DefinitionVersionId, string ActivityId, string Name, string Hash, string Key, System.Text.Json.Nodes.JsonObject Payload);

public sealed class InMemoryWorkflowDefinitionStore : IWorkflowDefinitionStore
{
    private readonly ConcurrentDictionary<string, SortedList<int, WorkflowDefinition>> _definitions = new(StringComparer.Ordinal);

    public ValueTask SaveAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default)
    {
        var versions = _definitions.GetOrAdd(definition.DefinitionId, _ => []);
        lock (versions)
        {
            versions[definition.Version] = definition;
        }

        return default;
    }

    public ValueTask<WorkflowDefinition?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken = default) =>
        new(Pick(definitionId, d => d.IsPublished));

    public ValueTask<WorkflowDefinition?> FindLatestAsync(string definitionId, CancellationToken cancellationToken = default) =>
        new(Pick(definitionId, _ => true));

    public ValueTask<WorkflowDefinition?> FindVersionAsync(string definitionId, int version, CancellationToken cancellationToken = default) =>
        new(Pick(definitionId, d => d.Version == version));

    public ValueTask<IReadOnlyList<WorkflowDefinition>> ListPublishedAsync(CancellationToken cancellationToken = default) =>
        new([.. _definitions.Keys.Select(id => Pick(id, d => d.IsPublished)).OfType<WorkflowDefinition>()]);

    public ValueTask<IReadOnlyList<WorkflowDefinition>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        if (!_definitions.TryGetValue(definitionId, out var versions))
        {
            return new([]);
        }

        lock (versions)
        {
            return new([.. versions.Values]);
        }
    }

    public ValueTask<IReadOnlyList<WorkflowDefinition>> ListLatestAsync(CancellationToken cancellationToken = default) =>
        new([.. _definitions.Keys.Order(StringComparer.Ordinal).Select(id => Pick(id, _ => true)).OfType<WorkflowDefinition>()]);

    public ValueTask<bool> DeleteAsync(string definitionId, CancellationToken cancellationToken = default) =>
        new(_definitions.TryRemove(definitionId, out _));

    /// <summary>A workflow used as an activity: the exact version if stored, else the latest (published or draft).</summary>
    public WorkflowDefinition? Resolve(string typeName, int? version)
    {
        WorkflowDefinition? latest = null;
        foreach (var versions in _definitions.Values)
        {
            lock (versions)
            {
                foreach (var definition in versions.Values)
                {
                    if (!definition.UsableAsActivity || definition.ActivityTypeName != typeName)
                    {
                        continue;
                    }

                    if (version == definition.Version)
                    {
                        return definition;
                    }

                    if (latest is null || definition.Version > latest.Version)
                    {
                        latest = definition;
                    }
                }
            }
        }

        return latest;
    }

    private WorkflowDefinition? Pick(string definitionId, Func<WorkflowDefinition, bool> filter)
    {
        if (!_definitions.TryGetValue(definitionId, out var versions))
        {
            return null;
        }

        lock (versions)
        {
            for (var i = versions.Count - 1; i >= 0; i--)
            {
                if (filter(versions.Values[i]))
                {
                    return versions.Values[i];
                }
            }
        }

        return null;
    }
}

public sealed class InMemoryWorkflowInstanceStore : IWorkflowInstanceStore
{
    private readonly ConcurrentDictionary<string, WorkflowInstance> _instances = new(StringComparer.Ordinal);

    public ValueTask SaveAsync(WorkflowInstance instance, CancellationToken cancellationToken = default)
    {
        _instances[instance.Id] = instance;
        return default;
    }

    public ValueTask<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default) =>
        new(_instances.GetValueOrDefault(instanceId));

    public ValueTask<IReadOnlyList<WorkflowInstance>> ListAsync(CancellationToken cancellationToken = default) =>
        new([.. _instances.Values.OrderBy(i => i.CreatedAt)]);

    public ValueTask<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        var matching = _instances.Values
            .Where(i => query.DefinitionId is null || i.DefinitionId == query.DefinitionId)
            .Where(i => query.SubStatus is null || i.SubStatus == query.SubStatus)
            .Where(i => query.CorrelationId is null || i.CorrelationId == query.CorrelationId)
            .OrderByDescending(i => i.CreatedAt)
            .ThenByDescending(i => i.Id, StringComparer.Ordinal)
            .ToList();
        return new(new InstancePage([.. matching.Skip(query.Skip).Take(query.Take)], matching.Count));
    }
}

public sealed class InMemoryBookmarkStore : IBookmarkStore
{
    private readonly ConcurrentDictionary<string, Bookmark> _bookmarks = new(StringComparer.Ordinal);

    public ValueTask ApplyAsync(IReadOnlyList<Bookmark> added, IReadOnlyList<Bookmark> removed, CancellationToken cancellationToken = default)
    {
        foreach (var bookmark in removed)
        {
            _bookmarks.TryRemove(bookmark.Id, out _);
        }

        foreach (var bookmark in added)
        {
            _bookmarks[bookmark.Id] = bookmark;
        }

        return default;
    }

    public ValueTask<IReadOnlyList<Bookmark>> FindAsync(string name, string hash, string? correlationId, CancellationToken cancellationToken = default) =>
        new([.. _bookmarks.Values
            .Where(b => b.Name == name && b.Hash == hash && (correlationId is null || b.CorrelationId == correlationId))
            .OrderBy(b => b.CreatedAt)]);

    public ValueTask<IReadOnlyList<Bookmark>> FindByInstanceAsync(string instanceId, CancellationToken cancellationToken = default) =>
        new([.. _bookmarks.Values.Where(b => b.WorkflowInstanceId == instanceId).OrderBy(b => b.CreatedAt)]);

    public ValueTask<IReadOnlyList<Bookmark>> FindDueAsync(DateTimeOffset now, DuePosition? after, int limit, CancellationToken cancellationToken = default) =>
        new([.. _bookmarks.Values
            .Where(b => b.DueAt <= now && (after is not { } position || position.Precedes(b)))
            .OrderBy(b => b.DueAt)
            .ThenBy(b => b.Id, StringComparer.Ordinal)
            .Take(limit)]);

    public ValueTask<DateTimeOffset?> FindNextDueAtAsync(CancellationToken cancellationToken = default) =>
        new(_bookmarks.Values.Min(b => b.DueAt));
}

public sealed class InMemoryTriggerStore : ITriggerStore
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<StoredTrigger>> _byDefinition = new(StringComparer.Ordinal);

    public ValueTask ReplaceAsync(string definitionId, IReadOnlyList<StoredTrigger> triggers, CancellationToken cancellationToken = default)
    {
        _byDefinition[definitionId] = triggers;
        return default;
    }

    public ValueTask<IReadOnlyList<StoredTrigger>> FindAsync(string name, string hash, CancellationToken cancellationToken = default) =>
        new([.. _byDefinition.Values.SelectMany(t => t).Where(t => t.Name == name && t.Hash == hash)]);

    public ValueTask<IReadOnlyList<StoredTrigger>> ListAsync(CancellationToken cancellationToken = default) =>
        new([.. _byDefinition.Values.SelectMany(t => t)]);
}
