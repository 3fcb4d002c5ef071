using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Activities;
using Orchestrator.Activities.Sla;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Orchestrator.Sla;
using Orchestrator.Tests.Persistence;

namespace Orchestrator.Tests.Sla;

/// <summary>SLA cycle rows on a real database: written with the burst that changed the cycle, and rolled back with a burst that fails.</summary>
public abstract class SlaCyclePersistenceTests
{
    private const string Timer = """
        {
          "definitionId": "ticket-sla", "name": "Ticket SLA", "version": 1,
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "sla", "type": "Orchestrator.SlaTimer",
                "ticketId": { "typeName": "String", "expression": { "type": "Literal", "value": "zendesk:9" } },
                "priority": { "typeName": "String", "expression": { "type": "Literal", "value": "P1" } },
                "metric": { "typeName": "String", "expression": { "type": "Literal", "value": "first-response" } },
                "tier": { "typeName": "String", "expression": { "type": "Literal", "value": "L1" } } }
            ] }
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected abstract Task<string> ConnectionStringAsync();

    [Fact]
    public async Task Commit_TimerToItsBreach_RowFollowsEachBurst()
    {
        await using var host = await SlaHost.StartAsync(await ConnectionStringAsync());
        var definition = await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(Timer), cancellationToken: Ct);
        var started = await host.Runtime.StartAsync(definition, new StartWorkflowRequest(), Ct);
        (await host.RowAsync()).Status.ShouldBe(SlaCycleRecord.Running);

        host.Clock.Advance(TimeSpan.FromMinutes(61));
        await host.Runtime.FireDueTimersAsync(Ct);

        var row = await host.RowAsync();
        row.InstanceId.ShouldBe(started.Instance.Id);
        row.DefinitionId.ShouldBe("ticket-sla");
        row.Status.ShouldBe(SlaCycleRecord.Breached);
        row.IsOpen.ShouldBeTrue();
        row.Tier.ShouldBe("L1");
        row.TargetMinutes.ShouldBe(60);
        row.BreachedAt.ShouldBe(new DateTimeOffset(2026, 11, 2, 10, 1, 0, TimeSpan.Zero).UtcTicks);
        row.BreachTheoreticalAt.ShouldBe(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero).UtcTicks);
        row.BreachReason.ShouldBe("no first response within 1 h business time (P1, calendar '24x7'); held by L1; detected 1 min after the target was reached");
        (JsonNode.Parse(row.Steps) as JsonArray)!.Select(s => s!["type"]!.GetValue<string>()).ShouldBe(["started", "warning", "warning", "breached"]);
    }

    [Fact]
    public async Task Commit_BurstLosesTheRace_ItsCycleChangeIsRolledBack()
    {
        await using var host = await SlaHost.StartAsync(await ConnectionStringAsync());
        var definition = await host.Runtime.ImportAsync(WorkflowDefinitionReader.Read(Timer), cancellationToken: Ct);
        var started = await host.Runtime.StartAsync(definition, new StartWorkflowRequest(), Ct);
        var stale = (await host.Runtime.Instances.FindAsync(started.Instance.Id, Ct))!;
        var bookmark = stale.Bookmarks.Single(b => b.Name == TicketEvent.StimulusName);
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await host.Runtime.DeliverAsync(TicketEvent.StimulusName, "zendesk:9", null, new JsonObject { ["type"] = "ticket.responded", ["ticketId"] = "zendesk:9" }, Ct);

        var losing = await host.Runtime.Runner.ResumeAsync(host.Runtime.Compile(definition), stale, bookmark.Id, new JsonObject { ["type"] = "ticket.status_changed", ["ticketId"] = "zendesk:9", ["status"] = "pending" }, Ct);
        losing.Changes.ReadModelChanges.ShouldHaveSingleItem();
        await Should.ThrowAsync<WorkflowConcurrencyException>(async () => await host.Services.GetRequiredService<IWorkflowCommitter>().CommitAsync(losing, Ct));

        var row = await host.RowAsync();
        row.Status.ShouldBe(SlaCycleRecord.Met);
        row.MetAt.ShouldBe(new DateTimeOffset(2026, 11, 2, 9, 10, 0, TimeSpan.Zero).UtcTicks);
    }

    /// <summary>The durable engine with the SLA activities and the cycle records, on one database.</summary>
    private sealed class SlaHost : IAsyncDisposable
    {
        private readonly ServiceProvider _provider;

        private SlaHost(string connectionString)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Orchestrator"] = connectionString }).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddEngine().AddActivitiesFrom(typeof(ActivitiesAssembly).Assembly);
            services.AddPersistence(configuration);
            services.AddDomainServices();
            services.AddSla();
            services.AddSlaRecords();
            _provider = services.BuildServiceProvider();
            Runtime = _provider.GetRequiredService<WorkflowRuntime>();
        }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

        public WorkflowRuntime Runtime { get; }

        public IServiceProvider Services => _provider;

        public static async Task<SlaHost> StartAsync(string connectionString)
        {
            var host = new SlaHost(connectionString);
            await DatabaseInitializer.MigrateAsync(host._provider.GetRequiredService<Database>(), CancellationToken.None);
            await host._provider.GetRequiredService<CalendarStore>().EnsureDefaultsAsync(CancellationToken.None);
            return host;
        }

        public async Task<SlaCycleRow> RowAsync()
        {
            await using var db = _provider.GetRequiredService<Database>().CreateContext();
            return await db.Set<SlaCycleRow>().AsNoTracking().SingleAsync(Ct);
        }

        public ValueTask DisposeAsync() => _provider.DisposeAsync();
    }
}

public sealed class SqliteSlaCyclePersistenceTests : SlaCyclePersistenceTests, IAsyncDisposable
{
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("orchestrator-sla-").FullName, "sla.db");

    public async ValueTask DisposeAsync() => await SqliteHost.DeleteDatabaseAsync(_file);

    private protected override Task<string> ConnectionStringAsync() => Task.FromResult($"Data Source={_file}");
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresSlaCyclePersistenceTests(PostgresServer server) : SlaCyclePersistenceTests
{
    private string? _connectionString;

    private protected override async Task<string> ConnectionStringAsync() => _connectionString ??= await server.CreateDatabaseAsync();
}
