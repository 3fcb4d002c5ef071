using Microsoft.EntityFrameworkCore;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Engine.State;

namespace Orchestrator.Persistence;

/// <summary>Instances in the database: the state document plus the columns queries filter on.</summary>
internal sealed class SqlInstanceStore(Database database, SqlWorkflowCommitter committer, IWorkflowDefinitionStore definitions, CompiledWorkflowCache compiled) : IWorkflowInstanceStore
{
    public ValueTask SaveAsync(WorkflowInstance instance, CancellationToken cancellationToken = default) =>
        committer.SaveStateAsync(instance, cancellationToken);

    /// <summary>Loads one instance with a plain query: it sits on the path of every resume.</summary>
    public async ValueTask<WorkflowInstance?> FindAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        byte[] state;
        long revision;
        await using (var lease = await database.RentAsync(cancellationToken))
        {
            var command = lease.Command("SELECT state, revision FROM workflow_instances WHERE id = @id", null, "@id");
            command.Set("@id", instanceId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            state = (byte[])reader.GetValue(0);
            revision = reader.GetInt64(1);
        }

        return await ReadAsync(state, revision, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<WorkflowInstance>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var rows = await context.Instances.AsNoTracking().OrderBy(i => i.CreatedAt).Select(i => new { i.State, i.Revision }).ToListAsync(cancellationToken);
        var result = new List<WorkflowInstance>(rows.Count);
        foreach (var row in rows)
        {
            result.Add(await ReadAsync(row.State, row.Revision, cancellationToken));
        }

        return result;
    }

    public async ValueTask<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var rows = context.Instances.AsNoTracking();
        if (query.DefinitionId is { } definitionId)
        {
            rows = rows.Where(i => i.DefinitionId == definitionId);
        }

        if (query.SubStatus is { } subStatus)
        {
            var name = subStatus.ToString();
            rows = rows.Where(i => i.SubStatus == name);
        }

        if (query.CorrelationId is { } correlationId)
        {
            rows = rows.Where(i => i.CorrelationId == correlationId);
        }

        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Skip(query.Skip).Take(query.Take)
            .Select(i => new { i.State, i.Revision })
            .ToListAsync(cancellationToken);
        var items = new List<WorkflowInstance>(page.Count);
        foreach (var row in page)
        {
            items.Add(await ReadAsync(row.State, row.Revision, cancellationToken));
        }

        return new InstancePage(items, total);
    }

    private async Task<WorkflowInstance> ReadAsync(byte[] state, long revision, CancellationToken cancellationToken)
    {
        var header = WorkflowStateSerializer.ReadHeader(state);
        var definition = await definitions.FindVersionAsync(header.DefinitionId, header.Version, cancellationToken)
            ?? throw new WorkflowNotFoundException($"instance {header.InstanceId} runs on '{header.DefinitionId}' version {header.Version}, which is not stored");
        var instance = WorkflowStateSerializer.Deserialize(state, compiled.Get(definition));
        instance.Revision = revision;
        return instance;
    }
}
