using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Escalation;
using Orchestrator.Activities.Handoffs;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Storage;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Activities.Tests.Escalation;

/// <summary>
/// The engine in memory with the domain activities, a fake clock from Monday 2026-11-02 09:00 UTC, a recording
/// notifier and people resolved from <c>person</c> documents; each test workflow is one activity whose outcome ports
/// write the outcome's name.
/// </summary>
internal sealed class ActivityHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly StringWriter _output = new();

    public ActivityHarness(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(new StandardOutput(_output));
        services.AddSingleton<INotifier>(Notifier);
        services.AddEngine().AddActivitiesFrom(typeof(ActivitiesAssembly).Assembly);
        services.AddEscalation();
        services.Configure<AcknowledgeLinkOptions>(o =>
        {
            o.Secret = LinkSecret;
            o.BaseUrl = "https://orchestrator.example";
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITargetResolver, PersonDocumentResolver>());
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider();
        Runtime = _provider.GetRequiredService<WorkflowRuntime>();
        Runtime.BurstCommitted += r =>
        {
            lock (Journal)
            {
                Journal.AddRange(r.Changes.Journal);
            }
        };
    }

    public const string LinkSecret = "test-link-secret";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public RecordingNotifier Notifier { get; } = new();

    public WorkflowRuntime Runtime { get; }

    public IServiceProvider Services => _provider;

    public IDocumentStore Documents => _provider.GetRequiredService<IDocumentStore>();

    public List<JournalEntry> Journal { get; } = [];

    public IReadOnlyList<string> Notes => [.. Journal.Where(j => j.Event == JournalEvent.Note).Select(j => j.Message!)];

    /// <summary>What the outcome ports wrote: the outcome's name.</summary>
    public IReadOnlyList<string> Outcomes => [.. _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];

    public async Task AddPersonAsync(string id, string? phone = "+6590000000", string? region = null)
    {
        var person = new Person { Id = id, Name = id.ToUpperInvariant(), Email = $"{id}@example.com", Phone = phone, Region = region };
        await Documents.PutAsync("person", id, EscalationJson.ToObject(person), cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>Starts a workflow made of one activity (<paramref name="type"/> with <paramref name="inputs"/>) and a WriteLine per outcome.</summary>
    public async Task<WorkflowInstance> StartAsync(string type, JsonObject inputs, params string[] outcomes)
    {
        var activity = new JsonObject { ["id"] = "subject", ["type"] = type };
        foreach (var (name, value) in inputs)
        {
            activity[name] = value switch
            {
                JsonObject or JsonArray => new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = value.ToJsonString() } },
                _ => new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value?.DeepClone() } },
            };
        }

        activity["result"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "resultVar" } };
        var activities = new JsonArray { activity };
        var connections = new JsonArray();
        foreach (var outcome in outcomes)
        {
            activities.Add(new JsonObject
            {
                ["id"] = $"on{outcome}",
                ["type"] = "Elsa.WriteLine",
                ["text"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = outcome } },
            });
            connections.Add(new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = "subject", ["port"] = outcome },
                ["target"] = new JsonObject { ["activity"] = $"on{outcome}", ["port"] = "In" },
            });
        }

        var definition = new JsonObject
        {
            ["id"] = $"test-{Guid.NewGuid():N}",
            ["definitionId"] = $"test-{type}",
            ["name"] = type,
            ["variables"] = new JsonArray { new JsonObject { ["id"] = "resultVar", ["name"] = "Result", ["typeName"] = "Object" } },
            ["root"] = new JsonObject { ["id"] = "flow", ["type"] = "Elsa.Flowchart", ["activities"] = activities, ["connections"] = connections },
        };
        var imported = await Runtime.ImportAsync(WorkflowDefinitionReader.Read(definition.ToJsonString()), publish: true, TestContext.Current.CancellationToken);
        var result = await Runtime.StartAsync(imported, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
        return result.Instance;
    }

    /// <summary>Moves the clock on and fires every timer that is due, as the host's scheduler would.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);
    }

    public async Task<int> DeliverAsync(string stimulus, string key, object? input) =>
        (await Runtime.DeliverAsync(stimulus, key, null, input, TestContext.Current.CancellationToken)).Count;

    public Task<int> AcknowledgeAsync(string escalationKey, string by) => DeliverAsync(EscalationStimuli.Acknowledge, escalationKey, EscalationStimuli.Input(by));

    public Task<int> AcceptHandoffAsync(string ticketId, string by) => DeliverAsync(HandoffStimuli.Accept, ticketId, EscalationStimuli.Input(by));

    public async Task<WorkflowInstance> InstanceAsync(WorkflowInstance instance) =>
        await Runtime.Instances.FindAsync(instance.Id, TestContext.Current.CancellationToken) ?? instance;

    /// <summary>The activity's <c>result</c> output, bound to the workflow variable <c>Result</c>.</summary>
    public async Task<JsonObject> ResultAsync(WorkflowInstance instance) =>
        (JsonObject)Engine.Values.ValueModel.ToJsonNode((await InstanceAsync(instance)).GetVariables()["Result"])!;

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await _output.DisposeAsync();
    }
}

/// <summary>Test double: resolves <c>person:</c> targets from <c>person</c> documents (the people helper ships the real one).</summary>
internal sealed class PersonDocumentResolver(IDocumentStore documents) : ITargetResolver
{
    public TargetKind Kind => TargetKind.Person;

    public async ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default)
    {
        var document = await documents.GetAsync("person", target.Id, cancellationToken);
        return document is not null && EscalationJson.TryRead<Person>(document.Body, out var person, out _) ? [person!] : [];
    }
}

/// <summary>Test double for <see cref="INotifier"/>: records each request with the clock time and queues one SMS and one email per person target.</summary>
internal sealed class RecordingNotifier : INotifier
{
    private int _next;

    public List<SentPage> Sent { get; } = [];

    public ValueTask<IReadOnlyList<QueuedMessage>> NotifyAsync(ActivityExecutionContext context, NotifyRequest request)
    {
        var messages = new List<QueuedMessage>();
        foreach (var target in request.Targets)
        {
            var id = target.Kind == TargetKind.Person ? target.Id : target.ToString();
            messages.Add(new QueuedMessage($"m{++_next}", "sms", id, "+6590000000"));
            messages.Add(new QueuedMessage($"m{++_next}", "email", id, $"{id}@example.com"));
        }

        lock (Sent)
        {
            Sent.Add(new SentPage(context.TimeProvider.GetUtcNow(), request, messages));
        }

        return ValueTask.FromResult<IReadOnlyList<QueuedMessage>>(messages);
    }
}

internal sealed record SentPage(DateTimeOffset At, NotifyRequest Request, IReadOnlyList<QueuedMessage> Messages)
{
    public string Target => Request.Targets[0].ToString();

    public string Sms => Messages.Single(m => m.Channel == "sms").MessageId;
}
