using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Engine.State;

namespace Orchestrator.Persistence;

/// <summary>
/// Commits bursts to the database: each burst's state, bookmark diff, journal, incidents and outbox rows in one
/// transaction. Bursts that are ready at the same moment share a transaction (group commit), so throughput is not
/// bound by one fsync per burst; a concurrency conflict or a failing statement fails only its own burst.
/// </summary>
internal sealed class SqlWorkflowCommitter : IWorkflowCommitter, IAsyncDisposable
{
    private const int MaxBatch = 256;

    private const string UpsertInstanceSql = """
        INSERT INTO workflow_instances (id, definition_id, definition_version_id, version, status, sub_status, correlation_id, name, parent_instance_id, state, incident_count, created_at, updated_at, finished_at, revision)
        VALUES (@id, @definition_id, @definition_version_id, @version, @status, @sub_status, @correlation_id, @name, @parent_instance_id, @state, @incident_count, @created_at, @updated_at, @finished_at, @revision)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, sub_status = excluded.sub_status, correlation_id = excluded.correlation_id,
            name = excluded.name, state = excluded.state, incident_count = excluded.incident_count, updated_at = excluded.updated_at,
            finished_at = excluded.finished_at, revision = excluded.revision
        WHERE workflow_instances.revision = @expected
        """;

    private const string InsertBookmarkSql = """
        INSERT INTO bookmarks (id, instance_id, name, hash, key, activity_id, activity_node_id, context_id, payload, due_at, correlation_id, created_at)
        VALUES (@id, @instance_id, @name, @hash, @key, @activity_id, @activity_node_id, @context_id, @payload, @due_at, @correlation_id, @created_at)
        """;

    private const string InsertJournalSql = "INSERT INTO journal (instance_id, first_sequence, entries, created_at) VALUES (@instance_id, @first_sequence, @entries, @created_at)";

    private const string InsertIncidentSql = """
        INSERT INTO incidents (id, instance_id, activity_id, activity_node_id, activity_type, message, exception_type, timestamp, resolved)
        VALUES (@id, @instance_id, @activity_id, @activity_node_id, @activity_type, @message, @exception_type, @timestamp, @resolved)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string InsertOutboxSql = """
        INSERT INTO outbox (id, channel, idempotency_key, payload, instance_id, activity_id, status, attempts, created_at, next_attempt_at)
        VALUES (@id, @channel, @idempotency_key, @payload, @instance_id, @activity_id, 'Pending', 0, @created_at, @created_at)
        ON CONFLICT (idempotency_key) DO NOTHING
        """;

    private readonly Channel<PendingCommit> _queue = Channel.CreateUnbounded<PendingCommit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Database _database;
    private readonly TimeProvider _time;
    private readonly Task _writer;
    private readonly IBurstWriter[] _burstWriters;

    public SqlWorkflowCommitter(Database database, TimeProvider time, IEnumerable<IBurstWriter> burstWriters)
    {
        _database = database;
        _time = time;
        _burstWriters = [.. burstWriters];
        _writer = Task.Run(WriteLoopAsync);
    }

    public ValueTask CommitAsync(RunResult result, CancellationToken cancellationToken) =>
        EnqueueAsync(result.Instance, result.Changes, cancellationToken);

    /// <summary>Commits an instance's state alone (no burst), e.g. after an import or a migration.</summary>
    public ValueTask SaveStateAsync(WorkflowInstance instance, CancellationToken cancellationToken) =>
        EnqueueAsync(instance, null, cancellationToken);

    /// <summary>
    /// Runs other writes (the stimulus inbox) in the writer's next transaction. On SQLite, one writer for everything
    /// means no writer ever waits on the file lock's busy handler, and the fsync is shared. If the work fails, the
    /// batch is written again with each item in its own savepoint, so the failure is this work's alone. Work that is
    /// one SQL statement can say so (<paramref name="singleStatement"/>) and then needs no savepoint even then: a
    /// statement that fails undoes itself.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<ConnectionLease, DbTransaction, Task<T>> work, bool singleStatement = false)
    {
        T result = default!;
        var pending = new PendingCommit(async (lease, transaction) => result = await work(lease, transaction)) { SingleStatement = singleStatement };
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("the database writer has stopped");
        }

        await pending.Completion.Task;
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private ValueTask EnqueueAsync(WorkflowInstance instance, WorkflowChangeSet? changes, CancellationToken cancellationToken)
    {
        // Serialise on the caller's thread: CPU work spreads over cores while the writer only writes.
        var pending = new PendingCommit(instance, changes, WorkflowStateSerializer.Serialize(instance), changes is { Journal.Count: > 0 } ? JournalJson(changes) : null);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("the database writer has stopped");
        }

        return new ValueTask(pending.Completion.Task.WaitAsync(cancellationToken));
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingCommit>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
        }
    }

    private async Task WriteBatchAsync(List<PendingCommit> batch)
    {
        await using var lease = await _database.RentAsync(CancellationToken.None);
        var outcomes = new Exception?[batch.Count];
        try
        {
            if (!await TryWriteSharedAsync(lease, batch, outcomes))
            {
                Telemetry.HostTelemetry.CommitIsolatedRetries.Add(1);
                Array.Clear(outcomes);
                await WriteIsolatedAsync(lease, batch, outcomes);
            }
        }
        catch
        {
            // The batch failed as a whole (the commit itself, or a rollback): don't hand this connection on.
            lease.Discard();
            throw;
        }

        Telemetry.HostTelemetry.CommitBatchSize.Record(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is { } failure)
            {
                Telemetry.HostTelemetry.CommitConflicts.Add(1);
                batch[i].Completion.TrySetException(failure);
            }
            else if (batch[i].Work is not null)
            {
                batch[i].Completion.TrySetResult();
            }
            else
            {
                batch[i].Instance.Revision++;
                Telemetry.HostTelemetry.BurstsCommitted.Add(1);
                batch[i].Completion.TrySetResult();
            }
        }
    }

    /// <summary>
    /// The common case: every write of the batch straight into one transaction, with no savepoints. A savepoint per
    /// burst costs more than the burst: SQLite copies every page a savepoint touches into a statement journal, which
    /// spills to a temporary file past 64 KiB. A burst that lost the revision race needs no undo, because the guarded
    /// upsert of its instance is its first statement and a refused upsert writes nothing. Anything else that fails
    /// rolls the whole transaction back and answers false, and the batch is written again with each burst isolated.
    /// </summary>
    private async Task<bool> TryWriteSharedAsync(ConnectionLease lease, List<PendingCommit> batch, Exception?[] outcomes)
    {
        await using var transaction = await lease.Connection.BeginTransactionAsync();
        var commands = new Commands(lease, transaction);
        try
        {
            if (lease.Connection.CanCreateBatch && batch.TrueForAll(p => p.Work is null))
            {
                await WriteBatchedAsync(commands, batch, outcomes);
            }
            else
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    if (batch[i].Work is { } work)
                    {
                        await work(lease, transaction);
                    }
                    else if (await WriteOneAsync(commands, batch[i]) is { } conflict)
                    {
                        outcomes[i] = conflict;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await transaction.RollbackAsync();
            return false;
        }

        await transaction.CommitAsync();
        return true;
    }

    /// <summary>The careful case: each burst in its own savepoint, so a failing one is undone alone and the others commit.</summary>
    private async Task WriteIsolatedAsync(ConnectionLease lease, List<PendingCommit> batch, Exception?[] outcomes)
    {
        await using var transaction = await lease.Connection.BeginTransactionAsync();
        var commands = new Commands(lease, transaction);
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i] is { Work: { } statement, SingleStatement: true })
            {
                try
                {
                    await statement(lease, transaction);
                }
                catch (DbException ex)
                {
                    outcomes[i] = ex;
                }

                continue;
            }

            await transaction.SaveAsync("burst");
            try
            {
                if (batch[i].Work is { } work)
                {
                    await work(lease, transaction);
                }
                else if (await WriteOneAsync(commands, batch[i]) is { } conflict)
                {
                    outcomes[i] = conflict;
                }

                await transaction.ReleaseAsync("burst");
            }
            catch (Exception ex) when (ex is WorkflowConcurrencyException or DbException)
            {
                await transaction.RollbackAsync("burst");
                outcomes[i] = ex;
            }
        }

        await transaction.CommitAsync();
    }

    /// <summary>
    /// A server over the network (PostgreSQL): one round trip per statement would bound the writer, so the batch goes in
    /// two: every burst's guarded upsert together, then the other statements of the bursts whose upsert was accepted.
    /// </summary>
    private async Task WriteBatchedAsync(Commands commands, List<PendingCommit> batch, Exception?[] outcomes)
    {
        await using (var upserts = commands.Lease.Connection.CreateBatch())
        {
            upserts.Transaction = commands.Transaction;
            commands.Batch = upserts;
            foreach (var pending in batch)
            {
                await UpsertAsync(commands, pending);
            }

            await upserts.ExecuteNonQueryAsync();
            for (var i = 0; i < batch.Count; i++)
            {
                if (upserts.BatchCommands[i].RecordsAffected == 0)
                {
                    outcomes[i] = Conflict(batch[i].Instance);
                }
            }
        }

        await using var changes = commands.Lease.Connection.CreateBatch();
        changes.Transaction = commands.Transaction;
        commands.Batch = changes;
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is null)
            {
                await WriteChangesAsync(commands, batch[i]);
            }
        }

        if (changes.BatchCommands.Count > 0)
        {
            await changes.ExecuteNonQueryAsync();
        }

        commands.Batch = null;
    }

    /// <summary>Writes one burst; answers the conflict, having written nothing, when another burst committed the instance first.</summary>
    private async Task<WorkflowConcurrencyException?> WriteOneAsync(Commands commands, PendingCommit pending)
    {
        if (await UpsertAsync(commands, pending) == 0)
        {
            return Conflict(pending.Instance);
        }

        await WriteChangesAsync(commands, pending);
        return null;
    }

    private static WorkflowConcurrencyException Conflict(WorkflowInstance instance) =>
        new($"workflow instance {instance.Id} was changed by another burst (expected revision {instance.Revision})");

    /// <summary>The guarded upsert of the instance row: 0 rows when another burst committed the instance first.</summary>
    private static ValueTask<int> UpsertAsync(Commands commands, PendingCommit pending)
    {
        var instance = pending.Instance;
        var upsert = commands.UpsertInstance;
        upsert.Set("@id", instance.Id);
        upsert.Set("@definition_id", instance.DefinitionId);
        upsert.Set("@definition_version_id", instance.DefinitionVersionId);
        upsert.Set("@version", instance.Version);
        upsert.Set("@status", instance.Status.ToString());
        upsert.Set("@sub_status", instance.SubStatus.ToString());
        upsert.Set("@correlation_id", instance.CorrelationId);
        upsert.Set("@name", instance.Name);
        upsert.Set("@parent_instance_id", instance.ParentInstanceId);
        upsert.Set("@state", pending.State);
        upsert.Set("@incident_count", instance.Incidents.Count(i => !i.Resolved));
        upsert.Set("@created_at", instance.CreatedAt.UtcTicks);
        upsert.Set("@updated_at", instance.UpdatedAt.UtcTicks);
        upsert.Set("@finished_at", instance.FinishedAt?.UtcTicks);
        upsert.Set("@revision", instance.Revision + 1);
        upsert.Set("@expected", instance.Revision);
        return upsert.ExecuteAsync();
    }

    /// <summary>Everything else a burst writes, once its upsert was accepted.</summary>
    private async Task WriteChangesAsync(Commands commands, PendingCommit pending)
    {
        if (pending.Changes is not { } changes)
        {
            return;
        }

        var instance = pending.Instance;

        foreach (var bookmark in changes.BookmarksRemoved)
        {
            commands.DeleteBookmark.Set("@id", bookmark.Id);
            await commands.DeleteBookmark.ExecuteAsync();
        }

        var insert = commands.InsertBookmark;
        foreach (var bookmark in changes.BookmarksAdded)
        {
            insert.Set("@id", bookmark.Id);
            insert.Set("@instance_id", bookmark.WorkflowInstanceId);
            insert.Set("@name", bookmark.Name);
            insert.Set("@hash", bookmark.Hash);
            insert.Set("@key", bookmark.Key);
            insert.Set("@activity_id", bookmark.ActivityId);
            insert.Set("@activity_node_id", bookmark.ActivityNodeId);
            insert.Set("@context_id", bookmark.ContextId);
            insert.Set("@payload", bookmark.Payload?.ToJsonString());
            insert.Set("@due_at", bookmark.DueAt?.UtcTicks);
            insert.Set("@correlation_id", bookmark.CorrelationId);
            insert.Set("@created_at", bookmark.CreatedAt.UtcTicks);
            await insert.ExecuteAsync();
        }

        if (instance.IsFinished && instance.SubStatus != WorkflowSubStatus.Faulted)
        {
            // A finished run waits on nothing; bookmarks kept for a retry go with it.
            commands.DeleteInstanceBookmarks.Set("@instance_id", instance.Id);
            await commands.DeleteInstanceBookmarks.ExecuteAsync();
        }

        if (pending.Journal is { } journal)
        {
            commands.InsertJournal.Set("@instance_id", instance.Id);
            commands.InsertJournal.Set("@first_sequence", changes.Journal[0].Sequence);
            commands.InsertJournal.Set("@entries", journal);
            commands.InsertJournal.Set("@created_at", _time.GetUtcNow().UtcTicks);
            await commands.InsertJournal.ExecuteAsync();
        }

        foreach (var incident in changes.Incidents)
        {
            var command = commands.InsertIncident;
            command.Set("@id", incident.Id);
            command.Set("@instance_id", instance.Id);
            command.Set("@activity_id", incident.ActivityId);
            command.Set("@activity_node_id", incident.ActivityNodeId);
            command.Set("@activity_type", incident.ActivityType);
            command.Set("@message", incident.Message);
            command.Set("@exception_type", incident.ExceptionType);
            command.Set("@timestamp", incident.Timestamp.UtcTicks);
            command.Set("@resolved", incident.Resolved);
            await command.ExecuteAsync();
        }

        foreach (var incidentId in changes.ResolvedIncidents)
        {
            commands.ResolveIncident.Set("@id", incidentId);
            await commands.ResolveIncident.ExecuteAsync();
        }

        foreach (var message in changes.Outbox)
        {
            var command = commands.InsertOutbox;
            command.Set("@id", message.Id);
            command.Set("@channel", message.Channel);
            command.Set("@idempotency_key", message.IdempotencyKey);
            command.Set("@payload", message.Payload.ToJsonString());
            command.Set("@instance_id", message.WorkflowInstanceId);
            command.Set("@activity_id", message.ActivityId);
            command.Set("@created_at", _time.GetUtcNow().UtcTicks);
            await command.ExecuteAsync();
        }

        foreach (var writer in _burstWriters)
        {
            await writer.WriteAsync(commands.Lease.Connection, commands.Transaction, instance, changes);
        }
    }

    // One buffer and writer per thread, reset for each journal: the JSON is built and copied out without any await
    // in between, and a fresh stream and writer per burst were the largest allocation of a commit.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _journalBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _journalWriter;

    private static string JournalJson(WorkflowChangeSet changes)
    {
        var buffer = _journalBuffer ??= new ArrayBufferWriter<byte>(2048);
        buffer.ResetWrittenCount();
        var writer = _journalWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartArray();
        foreach (var entry in changes.Journal)
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", entry.Sequence);
            writer.WriteString("at", entry.Timestamp);
            writer.WriteString("activityId", entry.ActivityId);
            writer.WriteString("nodeId", entry.ActivityNodeId);
            writer.WriteString("type", entry.ActivityType);
            writer.WriteString("event", entry.Event.ToString());
            if (entry.Outcomes is { } outcomes)
            {
                writer.WriteString("outcomes", outcomes);
            }

            if (entry.Message is { } message)
            {
                writer.WriteString("message", message);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();
        var json = Encoding.UTF8.GetString(buffer.WrittenSpan);

        // A journal with a long message can grow the buffer; don't keep a large one alive on the thread.
        if (buffer.Capacity > 64 * 1024)
        {
            _journalBuffer = null;
            _journalWriter = null;
        }

        return json;
    }

    private sealed class PendingCommit
    {
        public PendingCommit(WorkflowInstance instance, WorkflowChangeSet? changes, byte[] state, string? journal)
        {
            Instance = instance;
            Changes = changes;
            State = state;
            Journal = journal;
        }

        public PendingCommit(Func<ConnectionLease, DbTransaction, Task> work)
        {
            Instance = null!;
            State = [];
            Work = work;
        }

        public WorkflowInstance Instance { get; }

        public WorkflowChangeSet? Changes { get; }

        public byte[] State { get; }

        public string? Journal { get; }

        /// <summary>Whether <see cref="Work"/> is one statement, which needs no savepoint of its own.</summary>
        public bool SingleStatement { get; init; }

        /// <summary>Another write than a burst's (see <see cref="WriteAsync{T}"/>).</summary>
        public Func<ConnectionLease, DbTransaction, Task>? Work { get; }

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The statements of one batch, each taken from the lease once and reused for every burst in it.</summary>
    private sealed class Commands(ConnectionLease lease, DbTransaction transaction)
    {
        private Statement? _upsertInstance;
        private Statement? _insertBookmark;
        private Statement? _deleteBookmark;
        private Statement? _deleteInstanceBookmarks;
        private Statement? _insertJournal;
        private Statement? _insertIncident;
        private Statement? _resolveIncident;
        private Statement? _insertOutbox;

        public ConnectionLease Lease { get; } = lease;

        public DbTransaction Transaction { get; } = transaction;

        /// <summary>When set, statements join this batch instead of running one at a time.</summary>
        public DbBatch? Batch { get; set; }

        public Statement UpsertInstance => _upsertInstance ??= new(this, UpsertInstanceSql, "@id", "@definition_id", "@definition_version_id", "@version", "@status", "@sub_status", "@correlation_id", "@name", "@parent_instance_id", "@state", "@incident_count", "@created_at", "@updated_at", "@finished_at", "@revision", "@expected");

        public Statement InsertBookmark => _insertBookmark ??= new(this, InsertBookmarkSql, "@id", "@instance_id", "@name", "@hash", "@key", "@activity_id", "@activity_node_id", "@context_id", "@payload", "@due_at", "@correlation_id", "@created_at");

        public Statement DeleteBookmark => _deleteBookmark ??= new(this, "DELETE FROM bookmarks WHERE id = @id", "@id");

        public Statement DeleteInstanceBookmarks => _deleteInstanceBookmarks ??= new(this, "DELETE FROM bookmarks WHERE instance_id = @instance_id", "@instance_id");

        public Statement InsertJournal => _insertJournal ??= new(this, InsertJournalSql, "@instance_id", "@first_sequence", "@entries", "@created_at");

        public Statement InsertIncident => _insertIncident ??= new(this, InsertIncidentSql, "@id", "@instance_id", "@activity_id", "@activity_node_id", "@activity_type", "@message", "@exception_type", "@timestamp", "@resolved");

        public Statement ResolveIncident => _resolveIncident ??= new(this, "UPDATE incidents SET resolved = TRUE WHERE id = @id", "@id");

        public Statement InsertOutbox => _insertOutbox ??= new(this, InsertOutboxSql, "@id", "@channel", "@idempotency_key", "@payload", "@instance_id", "@activity_id", "@created_at");
    }

    /// <summary>
    /// One statement of a burst: run at once on the lease's prepared command, or, while <see cref="Commands.Batch"/> is
    /// set, added to that batch with the values set so far.
    /// </summary>
    private sealed class Statement(Commands owner, string sql, params string[] names)
    {
        private readonly object?[] _values = new object?[names.Length];
        private DbCommand? _command;

        private DbCommand Command => _command ??= owner.Lease.Command(sql, owner.Transaction, names);

        public void Set(string name, object? value)
        {
            if (owner.Batch is null)
            {
                Command.Set(name, value);
                return;
            }

            _values[Array.IndexOf(names, name)] = value;
        }

        /// <summary>Runs the statement and answers the rows it changed; in a batch, answers 1 and leaves the count to the batch.</summary>
        public async ValueTask<int> ExecuteAsync()
        {
            if (owner.Batch is not { } batch)
            {
                return await Command.ExecuteNonQueryAsync();
            }

            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            for (var i = 0; i < names.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = names[i];
                parameter.Value = _values[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
            return 1;
        }
    }
}

/// <summary>Another burst committed the instance first; this burst's result is discarded.</summary>
public sealed class WorkflowConcurrencyException : Exception
{
    public WorkflowConcurrencyException(string message)
        : base(message)
    {
    }

    public WorkflowConcurrencyException()
    {
    }

    public WorkflowConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
