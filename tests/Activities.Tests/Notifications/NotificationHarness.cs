using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Storage;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Activities.Tests.Notifications;

/// <summary>The engine in memory with the notification activities, an in-memory directory and a fake clock.</summary>
internal sealed class NotificationHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public NotificationHarness()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddEngine().AddActivitiesFrom(typeof(ActivitiesAssembly).Assembly);
        services.AddNotifications(new ConfigurationBuilder().Build());
        _provider = services.BuildServiceProvider();
        Runtime = _provider.GetRequiredService<WorkflowRuntime>();
        Documents = _provider.GetRequiredService<IDocumentStore>();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public WorkflowRuntime Runtime { get; }

    public IDocumentStore Documents { get; }

    public async Task AddPeopleAsync(params Person[] people)
    {
        foreach (var person in people)
        {
            await Documents.PutAsync(PersonDocuments.Kind, person.Id, PersonDocuments.ToBody(person), cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    public async Task AddTemplateAsync(MessageTemplate template) =>
        await Documents.PutAsync(MessageTemplate.DocumentKind, MessageTemplate.DocumentId(template.Name, template.Channel, template.Locale), template.ToBody(), cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Runs a one-activity workflow and returns the burst's result.</summary>
    public async Task<RunResult> RunAsync(string type, params (string Key, JsonNode? Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = "send", ["type"] = type };
        foreach (var (key, value) in inputs)
        {
            activity[key] = value;
        }

        var definition = new JsonObject
        {
            ["definitionId"] = "notify-" + Guid.NewGuid().ToString("N"),
            ["name"] = "notify",
            ["root"] = new JsonObject { ["id"] = "flow", ["type"] = "Elsa.Flowchart", ["activities"] = new JsonArray(activity), ["connections"] = new JsonArray() },
        };
        var imported = await Runtime.ImportAsync(WorkflowDefinitionReader.Read(definition.ToJsonString()), publish: true, TestContext.Current.CancellationToken);
        return await Runtime.StartAsync(imported, new StartWorkflowRequest(), TestContext.Current.CancellationToken);
    }

    public static JsonObject Literal(object? value, string typeName = "String") => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value is null ? null : JsonValue.Create(value) },
    };

    public static JsonObject Json(JsonNode value) => new()
    {
        ["typeName"] = "Object",
        ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = value.ToJsonString() },
    };

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
