using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;
using Orchestrator.Activities.Tasks;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Activities.Tests.Tasks;

/// <summary>The engine in memory with the task activities, a fake clock starting Monday 2026-11-02 09:00 UTC, people in a document store and a recording notifier.</summary>
internal sealed class TaskHarness : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly ServiceProvider _provider;

    public TaskHarness()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddEngine().AddActivity<AssignTask>().AddActivity<Milestone>();
        services.AddSingleton<IDocumentStore>(Documents = new InMemoryDocumentStore(Clock));
        services.AddSingleton<IRecipientResolver>(new AccountRoles(Documents));
        services.AddSingleton<IBusinessTime, WeekdaysNineToFive>();
        services.AddSingleton<INotifier>(Notifier);
        _provider = services.BuildServiceProvider();
        Runtime = _provider.GetRequiredService<WorkflowRuntime>();
        Runtime.BurstCommitted += result =>
        {
            foreach (var change in result.Changes.TaskChanges)
            {
                Tasks[change.TaskId] = HumanTask.FromJson(change.Record);
            }
        };
    }

    public FakeTimeProvider Clock { get; }

    public WorkflowRuntime Runtime { get; }

    public InMemoryDocumentStore Documents { get; }

    public RecordingNotifier Notifier { get; } = new();

    /// <summary>The latest record of every task, as committed bursts reported them.</summary>
    public ConcurrentDictionary<string, HumanTask> Tasks { get; } = new();

    public async Task AddPersonAsync(string id, string? managerId = null, params string[] roles) =>
        await Documents.PutAsync("person", id, JsonSerializer.SerializeToNode(new Person { Id = id, Name = id, ManagerId = managerId, Roles = roles }, Web)!.AsObject());

    public async Task<WorkflowInstance> StartAsync(params JsonObject[] activities) => await StartAsync(activities, []);

    /// <summary>Runs a flowchart: Elsa.Start leads to every given activity at once; connections are (from, port, to).</summary>
    public async Task<WorkflowInstance> StartAsync(JsonObject[] activities, (string From, string Port, string To)[] connections, bool faultExpected = false)
    {
        var all = new JsonArray(new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start", ["version"] = 1 });
        foreach (var activity in activities)
        {
            all.Add(activity);
        }

        var wired = connections.Select(c => (JsonNode)Connection(c.From, c.Port, c.To)).ToList();
        foreach (var activity in activities.Where(a => !connections.Any(c => c.To == (string)a["id"]!)))
        {
            wired.Add(Connection("start", "Done", (string)activity["id"]!));
        }

        var definition = new JsonObject
        {
            ["id"] = "tasks-v1",
            ["definitionId"] = "tasks",
            ["name"] = "tasks",
            ["version"] = 1,
            ["isPublished"] = true,
            ["root"] = new JsonObject { ["id"] = "flow", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["activities"] = all, ["connections"] = new JsonArray([.. wired]) },
        };
        var imported = await Runtime.ImportAsync(WorkflowDefinitionReader.Read(definition.ToJsonString()));
        var result = await Runtime.StartAsync(imported, new StartWorkflowRequest());
        if (!faultExpected)
        {
            result.Instance.Incidents.ShouldBeEmpty();
        }

        return result.Instance;
    }

    public static JsonObject Activity(string id, string type, params (string Key, object? Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1 };
        foreach (var (key, value) in inputs)
        {
            activity[key] = new JsonObject
            {
                ["typeName"] = "Object",
                ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value is string s ? s : JsonSerializer.Serialize(value) },
            };
        }

        return activity;
    }

    public HumanTask TaskOf(string activityId) => Tasks.Values.Single(t => t.ActivityId == activityId);

    /// <summary>Moves the clock to an instant and fires what is due.</summary>
    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        Clock.SetUtcNow(at);
        await Runtime.FireDueTimersAsync();
    }

    /// <summary>Delivers a task stimulus as the host's inbox would.</summary>
    public async Task SendAsync(string taskId, JsonObject input) =>
        await Runtime.DeliverAsync(TaskStimulus.Name, taskId, null, input, TestContext.Current.CancellationToken);

    public async Task<WorkflowInstance> InstanceAsync(string id) => (await Runtime.Instances.FindAsync(id))!;

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private static JsonObject Connection(string from, string port, string to) => new()
    {
        ["source"] = new JsonObject { ["activity"] = from, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
    };
}

/// <summary>Keeps what it is asked to send, with the clock time, instead of sending.</summary>
internal sealed class RecordingNotifier : INotifier
{
    private readonly ConcurrentQueue<SentNotice> _sent = new();

    public IReadOnlyList<SentNotice> Sent => [.. _sent];

    public ValueTask<IReadOnlyList<QueuedMessage>> NotifyAsync(ActivityExecutionContext context, NotifyRequest request)
    {
        foreach (var target in request.Targets)
        {
            _sent.Enqueue(new SentNotice(context.TimeProvider.GetUtcNow(), target.ToString(), request.Template, (string?)request.Model["event"], request.Key));
        }

        return ValueTask.FromResult<IReadOnlyList<QueuedMessage>>([]);
    }
}

internal sealed record SentNotice(DateTimeOffset At, string To, string Template, string? Event, string? Key);

/// <summary>Persons by id; role:x names the people with that role, and on an account only those whose id the account document lists under the role.</summary>
internal sealed class AccountRoles(IDocumentStore documents) : IRecipientResolver
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public async ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default)
    {
        var options = Options;
        var people = (await documents.ListAsync("person", cancellationToken)).Select(d => d.Body.Deserialize<Person>(options)!).ToList();
        if (target.Kind == TargetKind.Person)
        {
            return [.. people.Where(p => p.Id == target.Id)];
        }

        if (target.Kind != TargetKind.Role)
        {
            return [];
        }

        var account = context.AccountId is null ? null : await documents.GetAsync("account", context.AccountId, cancellationToken);
        var assigned = account?.Body[target.Id]?.GetValue<string>();
        return [.. people.Where(p => p.Roles.Contains(target.Id) && (assigned is null || p.Id == assigned))];
    }
}

/// <summary>Monday to Friday, 09:00 to 17:00 UTC, for every calendar id but "missing".</summary>
internal sealed class WeekdaysNineToFive : IBusinessTime
{
    public ValueTask<DateTimeOffset> AddBusinessDaysAsync(string calendarId, DateTimeOffset from, int days, CancellationToken cancellationToken = default)
    {
        Known(calendarId);
        var day = from.UtcDateTime.Date;
        if (days == 0)
        {
            return ValueTask.FromResult(new DateTimeOffset(day.AddHours(17), TimeSpan.Zero));
        }

        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                counted++;
            }
        }

        return ValueTask.FromResult(new DateTimeOffset(day.AddHours(17), TimeSpan.Zero));
    }

    public ValueTask<DateTimeOffset> AddBusinessTimeAsync(string calendarId, DateTimeOffset from, TimeSpan businessTime, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("tasks count business days only");

    public ValueTask<DateTimeOffset?> NextOpenAsync(string calendarId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("tasks count business days only");

    public ValueTask<DateTimeOffset?> CurrentCloseAsync(string calendarId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("tasks count business days only");

    private static void Known(string calendarId)
    {
        if (calendarId == "missing")
        {
            throw new UnknownCalendarException(calendarId);
        }
    }
}
