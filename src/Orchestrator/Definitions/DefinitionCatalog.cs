using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Definitions;

/// <summary>
/// The versions of every workflow definition and which one new runs use. Saving edits the draft or opens
/// version n+1; publishing moves new runs (and triggers) to one version; retracting stops new runs; reverting
/// copies an old version forward. Running instances keep the version they started on: the runtime loads it by number.
/// </summary>
internal sealed partial class DefinitionCatalog(
    IWorkflowDefinitionStore definitions,
    IWorkflowInstanceStore instances,
    ITriggerStore triggers,
    WorkflowRuntime runtime,
    TimeProvider time,
    IEnumerable<ITriggerIndexObserver> observers)
{
    private static readonly WorkflowSubStatus[] Unfinished = [WorkflowSubStatus.Pending, WorkflowSubStatus.Executing, WorkflowSubStatus.Suspended, WorkflowSubStatus.Faulted];

    // Versions of one definition are read, numbered and flagged together; one change at a time per definition.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<DefinitionVersion>> ListLatestAsync(string? search, CancellationToken cancellationToken)
    {
        var latest = await definitions.ListLatestAsync(cancellationToken);
        return [.. latest
            .Where(d => string.IsNullOrWhiteSpace(search) || d.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(DefinitionVersion.Of)];
    }

    public async Task<DefinitionVersion> FindLatestAsync(string definitionId, CancellationToken cancellationToken) =>
        DefinitionVersion.Of(await definitions.FindLatestAsync(definitionId, cancellationToken) ?? throw Unknown(definitionId));

    public async Task<DefinitionVersion?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken) =>
        await definitions.FindPublishedAsync(definitionId, cancellationToken) is { } published ? DefinitionVersion.Of(published) : null;

    public async Task<DefinitionVersion> FindVersionAsync(string definitionId, int version, CancellationToken cancellationToken) =>
        DefinitionVersion.Of(await definitions.FindVersionAsync(definitionId, version, cancellationToken) ?? throw await UnknownVersionAsync(definitionId, version, cancellationToken));

    public async Task<IReadOnlyList<DefinitionVersion>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken)
    {
        var versions = await definitions.ListVersionsAsync(definitionId, cancellationToken);
        return versions.Count == 0 ? throw Unknown(definitionId) : [.. versions.Select(DefinitionVersion.Of)];
    }

    /// <summary>
    /// Stores a definition: version 1 when it is new, over the draft when the latest version is a draft, else as
    /// version n+1. With <paramref name="publish"/> the saved version is published too, and nothing is saved if it
    /// could not be.
    /// </summary>
    public async Task<DefinitionVersion> SaveAsync(WorkflowDefinition incoming, bool publish, string? note, CancellationToken cancellationToken)
    {
        var definitionId = incoming.DefinitionId;
        if (!ValidId().IsMatch(definitionId))
        {
            throw new DefinitionException($"definitionId '{definitionId}' must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        using var gate = await LockAsync(definitionId, cancellationToken);
        var latest = await definitions.FindLatestAsync(definitionId, cancellationToken) is { } found ? DefinitionVersion.Of(found) : null;
        var now = time.GetUtcNow();
        var overwrite = latest?.Status == VersionStatus.Draft;
        var version = latest is null ? 1 : overwrite ? latest.Version : latest.Version + 1;
        var draft = Stamp(incoming, definitionId, version, (overwrite ? latest!.CreatedAt : null) ?? now, now, revertedFrom: null);
        if (publish)
        {
            ThrowIfNotPublishable(draft);
        }

        if (latest is not null && !overwrite)
        {
            await definitions.SaveAsync(latest.Definition.With(d => d["isLatest"] = false), cancellationToken);
        }

        await definitions.SaveAsync(draft, cancellationToken);
        return publish ? await PublishLockedAsync(definitionId, version, note, cancellationToken) : DefinitionVersion.Of(draft);
    }

    /// <summary>Makes one version (the latest by default) the one new runs use, and indexes its triggers in place of the others'.</summary>
    public async Task<DefinitionVersion> PublishAsync(string definitionId, int? version, string? note, CancellationToken cancellationToken)
    {
        using var gate = await LockAsync(definitionId, cancellationToken);
        return await PublishLockedAsync(definitionId, version, note, cancellationToken);
    }

    /// <summary>Leaves no version published: new runs and triggers stop, running instances go on.</summary>
    public async Task<DefinitionVersion> RetractAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var gate = await LockAsync(definitionId, cancellationToken);
        var published = await definitions.FindPublishedAsync(definitionId, cancellationToken);
        if (published is null)
        {
            _ = await definitions.FindLatestAsync(definitionId, cancellationToken) ?? throw Unknown(definitionId);
            throw new DefinitionConflictException($"workflow definition '{definitionId}' has no published version to retract");
        }

        var now = time.GetUtcNow();
        var retracted = WithLifecycle(published, now, isPublished: false, l => l["retractedAt"] = DefinitionVersion.FormatTime(now));
        await definitions.SaveAsync(retracted, cancellationToken);
        await triggers.ReplaceAsync(definitionId, [], cancellationToken);
        await NotifyAsync(definitionId, cancellationToken);
        return DefinitionVersion.Of(retracted);
    }

    /// <summary>Copies an earlier version forward as a new draft (version n+1); what is published does not change.</summary>
    public async Task<DefinitionVersion> RevertAsync(string definitionId, int version, CancellationToken cancellationToken)
    {
        using var gate = await LockAsync(definitionId, cancellationToken);
        var source = await definitions.FindVersionAsync(definitionId, version, cancellationToken) ?? throw await UnknownVersionAsync(definitionId, version, cancellationToken);
        var latest = await definitions.FindLatestAsync(definitionId, cancellationToken) ?? throw Unknown(definitionId);
        var now = time.GetUtcNow();
        var copy = Stamp(source, definitionId, latest.Version + 1, now, now, revertedFrom: version);
        await definitions.SaveAsync(latest.With(d => d["isLatest"] = false), cancellationToken);
        await definitions.SaveAsync(copy, cancellationToken);
        return DefinitionVersion.Of(copy);
    }

    /// <summary>Removes every version and its triggers; refused while instances still depend on it (they would be stranded).</summary>
    public async Task DeleteAsync(string definitionId, CancellationToken cancellationToken)
    {
        using var gate = await LockAsync(definitionId, cancellationToken);
        _ = await definitions.FindLatestAsync(definitionId, cancellationToken) ?? throw Unknown(definitionId);
        var unfinished = 0;
        foreach (var subStatus in Unfinished)
        {
            unfinished += (await instances.QueryAsync(new InstanceQuery(definitionId, subStatus, Take: 0), cancellationToken)).Total;
        }

        if (unfinished > 0)
        {
            throw new DefinitionConflictException($"workflow definition '{definitionId}' has {unfinished} unfinished instance(s) (pending, executing, suspended or faulted); cancel them first");
        }

        await triggers.ReplaceAsync(definitionId, [], cancellationToken);
        await definitions.DeleteAsync(definitionId, cancellationToken);
        await NotifyAsync(definitionId, cancellationToken);
    }

    private async Task<DefinitionVersion> PublishLockedAsync(string definitionId, int? version, string? note, CancellationToken cancellationToken)
    {
        var versions = await definitions.ListVersionsAsync(definitionId, cancellationToken);
        if (versions.Count == 0)
        {
            throw Unknown(definitionId);
        }

        var target = version is { } wanted
            ? versions.FirstOrDefault(d => d.Version == wanted) ?? throw new WorkflowNotFoundException($"workflow definition '{definitionId}' has no version {wanted}")
            : versions[^1];
        ThrowIfNotPublishable(target);

        var now = time.GetUtcNow();
        var published = WithLifecycle(target, now, isPublished: true, l =>
        {
            l["publishedAt"] = DefinitionVersion.FormatTime(now);
            l["publishNote"] = note;
            l.Remove("retractedAt");
        });

        // The new version is saved first so there is never a moment with nothing published.
        await definitions.SaveAsync(published, cancellationToken);
        foreach (var other in versions.Where(d => d.IsPublished && d.Version != target.Version))
        {
            await definitions.SaveAsync(WithLifecycle(other, now, isPublished: false, _ => { }), cancellationToken);
        }

        await runtime.IndexTriggersAsync(published, cancellationToken);
        await NotifyAsync(definitionId, cancellationToken);
        return DefinitionVersion.Of(published);
    }

    private async Task NotifyAsync(string definitionId, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            await observer.OnTriggersChangedAsync(definitionId, cancellationToken);
        }
    }

    private void ThrowIfNotPublishable(WorkflowDefinition definition)
    {
        var errors = runtime.Compile(definition).Problems.Where(p => p.Severity == ProblemSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new DefinitionProblemsException($"version {definition.Version} of workflow definition '{definition.DefinitionId}' has {errors.Count} error(s) and cannot be published", errors);
        }
    }

    private static WorkflowDefinition Stamp(WorkflowDefinition source, string definitionId, int version, DateTimeOffset createdAt, DateTimeOffset now, int? revertedFrom) =>
        source.With(d =>
        {
            d["id"] = $"{definitionId}-v{version}";
            d["definitionId"] = definitionId;
            d["version"] = version;
            d["isLatest"] = true;
            d["isPublished"] = false;
            d["createdAt"] = DefinitionVersion.FormatTime(createdAt);
            var lifecycle = new JsonObject { ["updatedAt"] = DefinitionVersion.FormatTime(now) };
            if (revertedFrom is { } from)
            {
                lifecycle["revertedFrom"] = from;
            }

            d[DefinitionVersion.Key] = lifecycle;
        });

    private static WorkflowDefinition WithLifecycle(WorkflowDefinition definition, DateTimeOffset now, bool isPublished, Action<JsonObject> change) =>
        definition.With(d =>
        {
            d["isPublished"] = isPublished;
            if (d[DefinitionVersion.Key] is not JsonObject lifecycle)
            {
                lifecycle = [];
                d[DefinitionVersion.Key] = lifecycle;
            }

            lifecycle["updatedAt"] = DefinitionVersion.FormatTime(now);
            change(lifecycle);
        });

    private async Task<WorkflowNotFoundException> UnknownVersionAsync(string definitionId, int version, CancellationToken cancellationToken) =>
        await definitions.FindLatestAsync(definitionId, cancellationToken) is null
            ? Unknown(definitionId)
            : new WorkflowNotFoundException($"workflow definition '{definitionId}' has no version {version}");

    private static WorkflowNotFoundException Unknown(string definitionId) => new($"no workflow definition '{definitionId}'");

    private async Task<Releaser> LockAsync(string definitionId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(definitionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex ValidId();

    private readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
