using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Tests.Api.Dashboard;

/// <summary>The dashboard's counts on a real SQLite database, after runs that wait on tasks, page people and fault.</summary>
public sealed class DashboardSummaryTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ApiFactory Api() => new(b => b.ConfigureTestServices(s => s.AddSingleton<INotifier, OneMessageNotifier>()));

    [Fact]
    public async Task Get_AfterTasksEscalationsAndAFault_CountsEachByItsGroup()
    {
        await using var api = Api();
        using var admin = api.Client();
        var documents = api.Services.GetRequiredService<IDocumentStore>();
        foreach (var id in new[] { "alice", "bob" })
        {
            await documents.PutAsync("person", id, JsonSerializer.SerializeToNode(new Person { Id = id, Name = id }, Web)!.AsObject(), cancellationToken: Ct);
        }

        await admin.SaveAsync(Flows.Chain("review", "Review", [Task("review", "person:alice", "2026-11-05T17:00:00+00:00")]), publish: true);
        await admin.SaveAsync(Flows.Chain("later", "Later", [Task("later", "person:bob", "2027-01-05T17:00:00+00:00")]), publish: true);
        var policy = new JsonObject { ["levels"] = new JsonArray { new JsonObject { ["targets"] = new JsonArray("person:alice"), ["delayMinutes"] = 10 } } };
        await admin.SaveAsync(Flows.Chain("page", "Page", [Flows.Activity("page", "Orchestrator.Escalate", ("policy", new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = policy.ToJsonString() } }), ("subject", Flows.Literal("zendesk:42")))]), publish: true);
        await admin.SaveAsync(Flows.Chain("broken", "Broken", [Flows.Activity("boom", "Elsa.WriteLine", ("text", Flows.Js("throw new Error('no such customer')", "String")))]), publish: true);

        await admin.StartRunAsync("review");
        await admin.StartRunAsync("review");
        await admin.StartRunAsync("later");
        var broken = await admin.StartRunAsync("broken");
        api.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 6, 0, 0, 0, TimeSpan.Zero));
        await api.Services.GetRequiredService<WorkflowRuntime>().FireDueTimersAsync(Ct);
        await admin.StartRunAsync("page");
        using var viewer = await api.ClientWithRolesAsync(Roles.Viewer);

        var summary = await viewer.GetJsonAsync("/api/dashboard");

        Count(summary["tasksByStatus"]!, "status", "overdue").ShouldBe(2);
        Count(summary["tasksByStatus"]!, "status", "open").ShouldBe(1);
        var overdue = summary["overdueByOwner"]!.AsArray().ShouldHaveSingleItem()!;
        overdue["ownerPersonId"]!.GetValue<string>().ShouldBe("alice");
        overdue["count"]!.GetValue<int>().ShouldBe(2);
        var review = summary["instances"]!.AsArray().Where(i => i!["definitionId"]!.GetValue<string>() == "review").ShouldHaveSingleItem()!;
        review["subStatus"]!.GetValue<string>().ShouldBe(nameof(WorkflowSubStatus.Suspended));
        review["count"]!.GetValue<int>().ShouldBe(2);
        var escalation = summary["escalationsInFlight"]!.AsArray().ShouldHaveSingleItem()!;
        escalation["definitionId"]!.GetValue<string>().ShouldBe("page");
        escalation["activityId"]!.GetValue<string>().ShouldBe("page");
        var incident = summary["openIncidents"]!.AsArray().ShouldHaveSingleItem(broken.ToJsonString())!;
        incident["definitionId"]!.GetValue<string>().ShouldBe("broken");
        incident["activityId"]!.GetValue<string>().ShouldBe("boom");
        incident["message"]!.GetValue<string>().ShouldContain("no such customer");
    }

    [Fact]
    public async Task Get_WithoutKey_Returns401()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.GetPathAsync("/api/dashboard");

        await response.ShouldBeProblemAsync(System.Net.HttpStatusCode.Unauthorized);
    }

    private static JsonObject Task(string id, string owner, string dueAt) => Flows.Activity(
        id,
        "Orchestrator.AssignTask",
        ("title", Flows.Literal("Review " + id)),
        ("owner", Flows.Literal(owner)),
        ("dueAt", Flows.Literal(dueAt)),
        ("escalateAfter", Flows.Literal("30d")));

    private static int Count(JsonNode list, string key, string value) =>
        list.AsArray().Where(e => e![key]!.GetValue<string>() == value).Select(e => e!["count"]!.GetValue<int>()).SingleOrDefault();

    private sealed class OneMessageNotifier : INotifier
    {
        public ValueTask<IReadOnlyList<QueuedMessage>> NotifyAsync(ActivityExecutionContext context, NotifyRequest request) =>
            ValueTask.FromResult<IReadOnlyList<QueuedMessage>>([.. request.Targets.Select(t => new QueuedMessage(Guid.NewGuid().ToString("N"), "email", t.Id, $"{t.Id}@example.com"))]);
    }
}
