using System.Data.Common;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Persistence;

/// <summary>
/// Writes rows a burst implies (read models such as the task list) inside the burst's own transaction: they commit with
/// the instance state or not at all, so no crash can leave them behind.
/// </summary>
internal interface IBurstWriter
{
    Task WriteAsync(DbConnection connection, DbTransaction transaction, WorkflowInstance instance, WorkflowChangeSet changes);
}
