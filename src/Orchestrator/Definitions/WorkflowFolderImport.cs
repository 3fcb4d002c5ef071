using System.Text.Json.Nodes;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Definitions;

/// <summary>What an import did with each file.</summary>
internal sealed record ImportedFile(string File, string? DefinitionId, int? Version, ImportOutcome Outcome, string? Problem = null);

internal enum ImportOutcome
{
    Added,
    Updated,
    Unchanged,
    Failed,
}

/// <summary>
/// Imports definition files: a file whose content differs from the latest stored version becomes a new published
/// version (the one new runs use); an unchanged file changes nothing; runs in flight stay on their version.
/// </summary>
internal sealed class WorkflowFolderImport(IWorkflowDefinitionStore store, WorkflowRuntime runtime, TimeProvider time, IEnumerable<ITriggerIndexObserver> observers)
{
    /// <summary>Fields that record where a version stands, not what it does; they do not make a file "changed".</summary>
    private static readonly string[] Bookkeeping = ["id", "version", "isLatest", "isPublished", "createdAt", "updatedAt", "$schema"];

    public async Task<IReadOnlyList<ImportedFile>> ImportAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var results = new List<ImportedFile>();
        foreach (var file in ExpandFiles(paths))
        {
            WorkflowDefinition definition;
            try
            {
                definition = WorkflowDefinitionReader.ReadFile(file);
            }
            catch (DefinitionException ex)
            {
                results.Add(new ImportedFile(file, null, null, ImportOutcome.Failed, ex.Message));
                continue;
            }

            results.Add(await ImportAsync(file, definition, cancellationToken));
        }

        return results;
    }

    public async Task<ImportedFile> ImportAsync(string source, WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var definitionId = definition.DefinitionId;
        var latest = await store.FindLatestAsync(definitionId, cancellationToken);
        if (latest is not null && SameContent(latest, definition))
        {
            return new ImportedFile(source, definitionId, latest.Version, ImportOutcome.Unchanged);
        }

        var version = (latest?.Version ?? 0) + 1;
        foreach (var older in await store.ListVersionsAsync(definitionId, cancellationToken))
        {
            if (older.IsPublished || older.IsLatest)
            {
                await store.SaveAsync(older.With(d =>
                {
                    d["isPublished"] = false;
                    d["isLatest"] = false;
                }), cancellationToken);
            }
        }

        var stored = definition.With(d =>
        {
            d["definitionId"] = definitionId;
            d["id"] = $"{definitionId}-v{version}";
            d["version"] = version;
            d["isLatest"] = true;
            d["isPublished"] = true;
            d["createdAt"] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        });
        await runtime.ImportAsync(stored, publish: true, cancellationToken);
        foreach (var observer in observers)
        {
            await observer.OnTriggersChangedAsync(definitionId, cancellationToken);
        }

        return new ImportedFile(source, definitionId, version, latest is null ? ImportOutcome.Added : ImportOutcome.Updated);
    }

    internal static IEnumerable<string> ExpandFiles(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
        }
    }

    private static bool SameContent(WorkflowDefinition stored, WorkflowDefinition incoming) =>
        JsonNode.DeepEquals(Content(stored), Content(incoming));

    private static JsonObject Content(WorkflowDefinition definition)
    {
        var copy = (JsonObject)definition.Document.DeepClone();
        foreach (var key in Bookkeeping)
        {
            copy.Remove(key);
        }

        copy["definitionId"] = definition.DefinitionId;
        return copy;
    }
}
