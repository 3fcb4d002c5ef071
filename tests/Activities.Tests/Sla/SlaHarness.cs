using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Activities.Tests.Sla;

/// <summary>The engine in memory with the domain activities, the shipped calendars, a fake clock and captured WriteLine output.</summary>
internal sealed class SlaHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly StringWriter _output = new();

    public SlaHarness(DateTimeOffset now, FlowchartMode mode = FlowchartMode.Token)
    {
        Clock = new FakeTimeProvider(now);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(new StandardOutput(_output));
        services.AddEngine(o => o.FlowchartMode = mode).AddActivitiesFrom(typeof(ActivitiesAssembly).Assembly);
        services.AddSla();
        services.AddSingleton<IBurstObserver>(new CycleRecordCapture(CycleRecords));
        _provider = services.BuildServiceProvider();
        Runtime = _provider.GetRequiredService<WorkflowRuntime>();
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>The last SLA cycle record of each key the committed bursts carried, as the host would store them.</summary>
    public Dictionary<string, JsonObject> CycleRecords { get; } = [];

    public WorkflowRuntime Runtime { get; }

    public IReadOnlyList<string> Lines => _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task InitializeAsync() => await _provider.GetRequiredService<CalendarStore>().EnsureDefaultsAsync(Ct);

    public async Task PutCalendarAsync(string id, string json) =>
        await _provider.GetRequiredService<IDocumentStore>().PutAsync(CalendarStore.Kind, id, JsonNode.Parse(json)!.AsObject(), cancellationToken: Ct);

    /// <summary>Starts a flowchart: start -> timer; Warning/Breached/Met/Done each write their name.</summary>
    public async Task<WorkflowInstance> StartAsync(string type = "Orchestrator.SlaTimer", params (string Key, object? Value)[] inputs)
    {
        var timer = new JsonObject { ["id"] = "sla", ["type"] = type, ["version"] = 1 };
        foreach (var (key, value) in inputs)
        {
            timer[key] = new JsonObject
            {
                ["typeName"] = value is int ? "Int32" : value is JsonObject ? "Object" : "String",
                ["expression"] = value is JsonObject json
                    ? new JsonObject { ["type"] = "Object", ["value"] = json.ToJsonString() }
                    : new JsonObject { ["type"] = "Literal", ["value"] = JsonValue.Create(value) },
            };
        }

        JsonObject Write(string id) => new()
        {
            ["id"] = id,
            ["type"] = "Elsa.WriteLine",
            ["version"] = 1,
            ["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = id } },
        };

        JsonObject Connect(string from, string port, string to) => new()
        {
            ["source"] = new JsonObject { ["activity"] = from, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
        };

        var definition = new JsonObject
        {
            ["id"] = "sla-v1",
            ["definitionId"] = "sla",
            ["name"] = "sla",
            ["version"] = 1,
            ["isPublished"] = true,
            ["root"] = new JsonObject
            {
                ["id"] = "flow",
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["activities"] = new JsonArray(Write("start"), timer, Write("Warning"), Write("Breached"), Write("Met"), Write("Done")),
                ["connections"] = new JsonArray(Connect("start", "Done", "sla"), Connect("sla", "Warning", "Warning"), Connect("sla", "Breached", "Breached"), Connect("sla", "Met", "Met"), Connect("sla", "Done", "Done")),
            },
        };
        var imported = await Runtime.ImportAsync(WorkflowDefinitionReader.Read(definition.ToJsonString()), true, Ct);
        var result = await Runtime.StartAsync(imported, new StartWorkflowRequest(), Ct);
        return result.Instance;
    }

    /// <summary>Moves the clock to <paramref name="at"/> and fires the timers due by then, one instant at a time.</summary>
    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        while (true)
        {
            var due = (await Runtime.Instances.ListAsync(Ct)).Where(i => !i.IsFinished).SelectMany(i => i.Bookmarks).Where(b => b.DueAt is { } d && d <= at).Select(b => b.DueAt!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (due == DateTimeOffset.MaxValue)
            {
                break;
            }

            if (due > Clock.GetUtcNow())
            {
                Clock.SetUtcNow(due);
            }

            await Runtime.FireDueTimersAsync(Ct);
        }

        if (at > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(at);
        }
    }

    public async Task SendAsync(string ticketId, string type, string? status = null, string? priority = null) =>
        await Runtime.DeliverAsync(TicketEvent.StimulusName, ticketId, null, new JsonObject { ["type"] = type, ["ticketId"] = ticketId, ["status"] = status, ["priority"] = priority }, Ct);

    public async Task<WorkflowInstance> InstanceAsync(WorkflowInstance instance) => (await Runtime.Instances.FindAsync(instance.Id, Ct))!;

    /// <summary>The running timer's state (its timeline and where it stands).</summary>
    public async Task<SlaTimerState> StateAsync(WorkflowInstance instance)
    {
        var current = await InstanceAsync(instance);
        return (SlaTimerState)current.Contexts().Single(c => c.Activity.Id == "sla").State!;
    }

    public async Task<IReadOnlyList<string>> TimelineTypesAsync(WorkflowInstance instance) =>
        [.. (await StateAsync(instance)).Timeline.Select(e => e["type"]!.GetValue<string>())];

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _output.DisposeAsync();
    }

    private sealed class CycleRecordCapture(Dictionary<string, JsonObject> records) : IBurstObserver
    {
        public ValueTask OnCommittedAsync(RunResult result, CancellationToken cancellationToken)
        {
            lock (records)
            {
                foreach (var change in result.Changes.ReadModelChanges.Where(c => c.Kind == SlaCycleRecord.Kind))
                {
                    records[change.Key] = change.Record;
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
