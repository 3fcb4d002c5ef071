using Medallion.Threading.Postgres;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Persistence;

/// <summary>
/// One burst per instance across every node on the same PostgreSQL: the in-process lock first (cheap, and keeps a
/// node from opening a connection per waiter), then a session advisory lock keyed by the instance id.
/// Optimistic concurrency on the instance row stays the last line of defence.
/// </summary>
internal sealed class PostgresInstanceLock(Database database) : IInstanceLock
{
    private readonly InProcessInstanceLock _local = new();

    public async ValueTask<IAsyncDisposable> AcquireAsync(string instanceId, CancellationToken cancellationToken)
    {
        var local = await _local.AcquireAsync(instanceId, cancellationToken);
        try
        {
            var advisory = new PostgresDistributedLock(new PostgresAdvisoryLockKey($"orchestrator:instance:{instanceId}", allowHashing: true), database.Options.ConnectionString);
            var handle = await advisory.AcquireAsync(cancellationToken: cancellationToken);
            return new Both(handle, local);
        }
        catch
        {
            await local.DisposeAsync();
            throw;
        }
    }

    private sealed class Both(IAsyncDisposable advisory, IAsyncDisposable local) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await advisory.DisposeAsync();
            }
            finally
            {
                await local.DisposeAsync();
            }
        }
    }
}
