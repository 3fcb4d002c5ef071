using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Engine.Tests.Support;

/// <summary>The engine in memory with a fake clock and captured WriteLine output, as Elsa's own test harness runs workflows.</summary>
internal sealed class WorkflowHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly StringWriter _output = new();
    private readonly TextWriter _synchronized;

    public WorkflowHarness(FlowchartMode mode = FlowchartMode.Token, Action<IServiceCollection>? configure = null, Action<EngineBuilder>? engine = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        // Synchronised: a backlog of due timers runs bursts in parallel, each writing whole lines.
        _synchronized = TextWriter.Synchronized(_output);
        services.AddSingleton(new StandardOutput(_synchronized));
        var builder = services.AddEngine(o => o.FlowchartMode = mode);
        engine?.Invoke(builder);
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider();
        Runtime = _provider.GetRequiredService<WorkflowRuntime>();
    }

    public FakeTimeProvider Clock { get; }

    public WorkflowRuntime Runtime { get; }

    public IServiceProvider Services => _provider;

    public IReadOnlyList<string> Lines => Snapshot().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public async Task<WorkflowDefinition> ImportAsync(string json, bool publish = true) =>
        await Runtime.ImportAsync(WorkflowDefinitionReader.Read(json), publish);

    public async Task<WorkflowDefinition> ImportFileAsync(string path, bool publish = true) =>
        await Runtime.ImportAsync(WorkflowDefinitionReader.ReadFile(path), publish);

    public async Task<WorkflowInstance> RunAsync(WorkflowDefinition definition, IReadOnlyDictionary<string, object?>? input = null, string? correlationId = null)
    {
        var result = await Runtime.StartAsync(definition, new StartWorkflowRequest { Input = input, CorrelationId = correlationId });
        return result.Instance;
    }

    public async Task<WorkflowInstance> RunJsonAsync(string json, IReadOnlyDictionary<string, object?>? input = null) =>
        await RunAsync(await ImportAsync(json), input);

    /// <summary>While the run is not finished and has bookmarks, resume every bookmark with the same input (timers fire at their due time).</summary>
    public async Task<WorkflowInstance> RunUntilEndAsync(WorkflowInstance instance, object? input = null, int maxRounds = 1000)
    {
        for (var round = 0; round < maxRounds; round++)
        {
            var current = await Runtime.Instances.FindAsync(instance.Id) ?? instance;
            var all = await Runtime.Instances.ListAsync();
            var pending = all.Where(i => !i.IsFinished).SelectMany(i => i.Bookmarks.Select(b => (i.Id, b))).ToList();
            if (current.IsFinished || pending.Count == 0)
            {
                return current;
            }

            foreach (var (instanceId, bookmark) in pending)
            {
                if (bookmark.DueAt is { } due && due > Clock.GetUtcNow())
                {
                    Clock.SetUtcNow(due);
                }

                await Runtime.ResumeAsync(instanceId, bookmark.Id, input);
            }
        }

        throw new InvalidOperationException($"instance {instance.Id} did not finish within {maxRounds} rounds of resumes");
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _output.DisposeAsync();
    }

    private string Snapshot()
    {
        lock (_synchronized)
        {
            return _output.ToString();
        }
    }
}
