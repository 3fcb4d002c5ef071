using Orchestrator.Definitions;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Engine.State;

namespace Orchestrator.Health;

/// <summary>
/// Once the host has started, runs a small flowchart in memory (nothing stored) and asks the definition and instance
/// stores once, on the thread pool, so the engine, state serialisation and the stores' queries are compiled before the
/// first real run arrives instead of during it. It never delays start-up: it begins when the host reports started.
/// </summary>
internal sealed partial class RunPathWarmUp(
    IHostApplicationLifetime lifetime,
    WorkflowRuntime runtime,
    DefinitionCatalog catalog,
    ILogger<RunPathWarmUp> logger) : IHostedService
{
    private const string Flowchart = """
        {
          "definitionId": "orchestrator-warm-up", "name": "Warm-up", "version": 1,
          "variables": [ { "id": "n", "name": "N", "typeName": "Int32", "value": "1" } ],
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "set", "type": "Elsa.SetVariable", "variable": { "id": "n", "name": "N" },
                "value": { "typeName": "Object", "expression": { "type": "Literal", "value": "2" } } },
              { "id": "decide", "type": "Elsa.FlowDecision",
                "condition": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "true" } } },
              { "id": "after", "type": "Elsa.SetVariable", "variable": { "id": "n", "name": "N" },
                "value": { "typeName": "Object", "expression": { "type": "Literal", "value": "3" } } }
            ],
            "connections": [
              { "source": { "activity": "set", "port": "Done" }, "target": { "activity": "decide", "port": "In" } },
              { "source": { "activity": "decide", "port": "True" }, "target": { "activity": "after", "port": "In" } }
            ] }
        }
        """;

    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => WarmUpAsync(lifetime.ApplicationStopping)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => _started.DisposeAsync().AsTask();

    /// <summary>True when the flowchart finished and the stores answered; false when something failed (logged).</summary>
    internal async Task<bool> WarmUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            var compiled = runtime.Compiler.Compile(WorkflowDefinitionReader.Read(Flowchart, "warm-up"));
            var result = await runtime.Runner.StartAsync(compiled, new StartWorkflowRequest(), cancellationToken);
            WorkflowStateSerializer.Serialize(result.Instance);
            await catalog.FindPublishedAsync(compiled.Definition.DefinitionId, cancellationToken);
            await runtime.Instances.FindAsync(result.Instance.Id, cancellationToken);
            return result.Instance.SubStatus == WorkflowSubStatus.Finished;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only speed is at stake: the first real run compiles whatever this did not.
            LogWarmUpFailed(logger, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warming up the run path failed")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
