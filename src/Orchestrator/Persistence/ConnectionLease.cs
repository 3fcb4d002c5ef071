using System.Data.Common;

namespace Orchestrator.Persistence;

/// <summary>
/// A connection for a few statements on a hot path (a resume's instance lookup, a delivery's bookmark lookup, the
/// commit writer's batch), handed back when disposed. On SQLite it is one of a set of connections the database keeps
/// open, and the statements run on it stay prepared: compiling one of these statements costs about as much as running
/// it, and the connection pool finalises every statement when a connection is closed. On PostgreSQL it is a connection
/// from the data source's pool and each command is made afresh.
/// </summary>
internal sealed class ConnectionLease : IAsyncDisposable
{
    private readonly KeptConnections? _keeper;
    private readonly Dictionary<string, DbCommand>? _prepared;
    private List<DbCommand>? _made;
    private bool _discarded;

    private ConnectionLease(DbConnection connection, KeptConnections? keeper)
    {
        Connection = connection;
        _keeper = keeper;
        _prepared = keeper is null ? null : new(StringComparer.Ordinal);
    }

    public DbConnection Connection { get; }

    /// <summary>A connection the caller gives back by disposing the lease; its commands are disposed with it.</summary>
    public static ConnectionLease Borrowed(DbConnection connection) => new(connection, keeper: null);

    /// <summary>A connection kept open by <paramref name="keeper"/>, with its statements kept prepared.</summary>
    public static ConnectionLease Kept(DbConnection connection, KeptConnections keeper) => new(connection, keeper);

    /// <summary>
    /// The command for <paramref name="sql"/> with the named parameters, enlisted in <paramref name="transaction"/>;
    /// set the parameters' values with <see cref="DbCommandExtensions.Set"/>. The lease owns the command: don't dispose it.
    /// </summary>
    public DbCommand Command(string sql, DbTransaction? transaction, params ReadOnlySpan<string> parameters)
    {
        if (_prepared is null || !_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Add(name, null);
            }

            if (_prepared is not null)
            {
                _prepared.Add(sql, command);
            }
            else
            {
                (_made ??= []).Add(command);
            }
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>
    /// Closes the connection when the lease is disposed instead of keeping it, after a failure that may have left it in
    /// a state the next borrower should not inherit (an unfinished transaction, a broken handle).
    /// </summary>
    public void Discard() => _discarded = true;

    public async ValueTask DisposeAsync()
    {
        if (!_discarded && _keeper is not null && _keeper.TryKeep(this))
        {
            return;
        }

        await CloseAsync();
    }

    internal async ValueTask CloseAsync()
    {
        foreach (var command in (IEnumerable<DbCommand>?)_prepared?.Values ?? _made ?? [])
        {
            await command.DisposeAsync();
        }

        await Connection.DisposeAsync();
    }
}

/// <summary>The open SQLite connections <see cref="ConnectionLease"/> hands out again, with their prepared statements.</summary>
internal sealed class KeptConnections : IAsyncDisposable
{
    // Enough for every thread that could want one at once on a small machine; more are opened when needed and closed after.
    private static readonly int MaxIdle = Math.Max(16, Environment.ProcessorCount * 4);

    private readonly Stack<ConnectionLease> _idle = new();
    private readonly Lock _gate = new();
    private bool _disposed;

    public bool TryTake([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConnectionLease? lease)
    {
        lock (_gate)
        {
            return _idle.TryPop(out lease);
        }
    }

    /// <summary>Keeps a lease for the next taker; false when it should be closed instead (enough are kept, or the database is gone).</summary>
    public bool TryKeep(ConnectionLease lease)
    {
        lock (_gate)
        {
            if (_disposed || _idle.Count >= MaxIdle)
            {
                return false;
            }

            _idle.Push(lease);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        ConnectionLease[] idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var lease in idle)
        {
            await lease.CloseAsync();
        }
    }
}
