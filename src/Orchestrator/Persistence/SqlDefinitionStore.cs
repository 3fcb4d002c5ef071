using Microsoft.EntityFrameworkCore;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Persistence;

/// <summary>
/// Definitions in the database, read through an in-memory copy: they are few, immutable per saved version and
/// read on every compile (workflows used as activities resolve synchronously). Writes go to the database first.
/// </summary>
internal sealed class SqlDefinitionStore(Database database, TimeProvider time) : IWorkflowDefinitionStore, IDisposable
{
    private readonly InMemoryWorkflowDefinitionStore _cache = new();
    private readonly SemaphoreSlim _loadGate = new(1, 1);
    private volatile bool _loaded;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _loadGate.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            await using var context = database.CreateContext();
            var records = await context.Definitions.AsNoTracking().ToListAsync(cancellationToken);
            foreach (var record in records)
            {
                await _cache.SaveAsync(WorkflowDefinitionReader.Read(record.Json, $"definition {record.DefinitionId} v{record.Version}"), cancellationToken);
            }

            _loaded = true;
        }
        finally
        {
            _loadGate.Release();
        }
    }

    public async ValueTask SaveAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        await using var context = database.CreateContext();
        var record = await context.Definitions.SingleOrDefaultAsync(d => d.DefinitionId == definition.DefinitionId && d.Version == definition.Version, cancellationToken);
        var now = time.GetUtcNow().UtcTicks;
        if (record is null)
        {
            record = new DefinitionRecord
            {
                Id = definition.Id,
                DefinitionId = definition.DefinitionId,
                Version = definition.Version,
                Name = definition.Name,
                ActivityTypeName = definition.ActivityTypeName,
                Json = WorkflowDefinitionWriter.Write(definition, indented: false),
                CreatedAt = now,
            };
            context.Definitions.Add(record);
        }

        record.Name = definition.Name;
        record.IsPublished = definition.IsPublished;
        record.IsLatest = definition.IsLatest;
        record.UsableAsActivity = definition.UsableAsActivity;
        record.ActivityTypeName = definition.ActivityTypeName;
        record.Json = WorkflowDefinitionWriter.Write(definition, indented: false);
        record.UpdatedAt = now;
        await context.SaveChangesAsync(cancellationToken);
        await _cache.SaveAsync(definition, cancellationToken);
    }

    public async ValueTask<WorkflowDefinition?> FindPublishedAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        return await _cache.FindPublishedAsync(definitionId, cancellationToken);
    }

    public async ValueTask<WorkflowDefinition?> FindLatestAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        return await _cache.FindLatestAsync(definitionId, cancellationToken);
    }

    public async ValueTask<WorkflowDefinition?> FindVersionAsync(string definitionId, int version, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        return await _cache.FindVersionAsync(definitionId, version, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<WorkflowDefinition>> ListPublishedAsync(CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        return await _cache.ListPublishedAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<WorkflowDefinition>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        return await _cache.ListVersionsAsync(definitionId, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<WorkflowDefinition>> ListLatestAsync(CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        return await _cache.ListLatestAsync(cancellationToken);
    }

    public async ValueTask<bool> DeleteAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        await using var context = database.CreateContext();
        var deleted = await context.Definitions.Where(d => d.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
        await _cache.DeleteAsync(definitionId, cancellationToken);
        return deleted > 0;
    }

    public WorkflowDefinition? Resolve(string typeName, int? version)
    {
        if (!_loaded)
        {
            LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        return _cache.Resolve(typeName, version);
    }

    public void Dispose() => _loadGate.Dispose();

    private ValueTask EnsureLoadedAsync(CancellationToken cancellationToken) =>
        _loaded ? default : new ValueTask(LoadAsync(cancellationToken));
}
