using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Benchmarks.Infrastructure;

/// <summary>
/// The engine as a host wires it: <c>AddEngine()</c> with its in-memory stores and the system clock, and
/// <c>Elsa.WriteLine</c> writing to <see cref="TextWriter.Null"/> so console I/O is not what gets measured.
/// </summary>
public sealed class BenchmarkEngine : IDisposable
{
    private readonly ServiceProvider _provider;

    public BenchmarkEngine()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new StandardOutput(TextWriter.Null));
        services.AddEngine();
        _provider = services.BuildServiceProvider();
        Runtime = _provider.GetRequiredService<WorkflowRuntime>();
        Runner = _provider.GetRequiredService<WorkflowRunner>();
    }

    public WorkflowRuntime Runtime { get; }

    public WorkflowRunner Runner { get; }

    /// <summary>Compiles a definition once (cached by the runtime) and fails on any compile problem.</summary>
    public CompiledWorkflow Compile(WorkflowDefinition definition)
    {
        var compiled = Runtime.Compile(definition);
        if (compiled.Problems.Count > 0)
        {
            throw new InvalidOperationException($"'{definition.Name}' does not compile cleanly: {string.Join("; ", compiled.Problems)}");
        }

        return compiled;
    }

    public void Dispose() => _provider.Dispose();
}
