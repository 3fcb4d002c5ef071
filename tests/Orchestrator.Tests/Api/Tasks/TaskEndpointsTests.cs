using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Tests.Api.Tasks;

/// <summary>The task inbox over HTTP on a real SQLite database: tasks appear with the burst that assigns them and are worked through the API.</summary>
public sealed class TaskEndpointsTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly RecordingNotifier _notifier = new();
    private readonly ApiFactory _api;
    private readonly HttpClient _admin;

    public TaskEndpointsTests()
    {
        _api = new ApiFactory(b => b.ConfigureServices(s => s.AddSingleton<INotifier>(_notifier)));
        _admin = _api.Client();
    }

    public async ValueTask InitializeAsync()
    {
        var documents = _api.Services.GetRequiredService<IDocumentStore>();
        foreach (var person in new[] { new Person { Id = "alice", Name = "Alice", ManagerId = "boss" }, new Person { Id = "bob", Name = "Bob" }, new Person { Id = "boss", Name = "Boss" } })
        {
            await documents.PutAsync("person", person.Id, JsonSerializer.SerializeToNode(person, Web)!.AsObject(), cancellationToken: TestContext.Current.CancellationToken);
        }

        await _admin.SaveAsync(
            Flows.Definition(
                "onboarding",
                "Onboarding",
                [
                    Flows.Activity(
                        "kickoff",
                        "Orchestrator.AssignTask",
                        ("title", Flows.Literal("Kickoff call")),
                        ("owner", Flows.Literal("person:alice")),
                        ("accountId", Flows.Literal("acme")),
                        ("phase", Flows.Literal("Foundation")),
                        ("dueAt", Flows.Literal("2026-11-05T17:00:00+00:00"))),
                    Flows.WriteLine("done", "kickoff done"),
                    Flows.WriteLine("dropped", "kickoff cancelled"),
                ],
                [("kickoff", "Completed", "done"), ("kickoff", "Cancelled", "dropped")]),
            publish: true);
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task StartRun_AssignTask_TaskListedForItsOwner()
    {
        var instance = await _admin.StartRunAsync("onboarding");

        var tasks = (await _admin.GetJsonAsync("/api/tasks?owner=alice")).AsArray();

        var task = tasks.ShouldHaveSingleItem()!;
        task["title"]!.GetValue<string>().ShouldBe("Kickoff call");
        task["status"]!.GetValue<string>().ShouldBe("open");
        task["workflowInstanceId"]!.GetValue<string>().ShouldBe(instance["id"]!.GetValue<string>());
        task["accountId"]!.GetValue<string>().ShouldBe("acme");
        task["phase"]!.GetValue<string>().ShouldBe("Foundation");
        task["dueAt"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 11, 5, 17, 0, 0, TimeSpan.Zero));
        (await _admin.GetJsonAsync("/api/tasks?owner=bob")).AsArray().ShouldBeEmpty();
        (await _admin.GetJsonAsync("/api/tasks?status=completed")).AsArray().ShouldBeEmpty();
        _notifier.Sent.ShouldContain(n => n.To == "person:alice" && n.Template == "task-assigned");
    }

    [Fact]
    public async Task Complete_OpenTask_Returns202AndFinishesTheWorkflow()
    {
        var instance = await _admin.StartRunAsync("onboarding");
        var taskId = await TaskIdAsync();
        using var csm = await ClientNamedAsync("alice", Roles.Csm);

        using var response = await csm.PostJsonAsync($"/api/tasks/{taskId}/complete", new { comment = "kickoff held, success plan agreed" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await response.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("delivered");
        var task = await _admin.GetJsonAsync($"/api/tasks/{taskId}");
        task["status"]!.GetValue<string>().ShouldBe("completed");
        task["comment"]!.GetValue<string>().ShouldBe("kickoff held, success plan agreed");
        task["completedBy"]!.GetValue<string>().ShouldBe("alice");
        var finished = await _admin.GetJsonAsync($"/api/workflow-instances/{instance["id"]}");
        finished["subStatus"]!.GetValue<string>().ShouldBe(nameof(WorkflowSubStatus.Finished));
        _api.Lines.ShouldBe(["kickoff done"]);
    }

    [Fact]
    public async Task Timers_DueTimePasses_TaskOverdueManagerToldAndStillCompletable()
    {
        var instance = await _admin.StartRunAsync("onboarding");
        var taskId = await TaskIdAsync();
        var runtime = _api.Services.GetRequiredService<WorkflowRuntime>();
        var due = new DateTimeOffset(2026, 11, 5, 17, 0, 0, TimeSpan.Zero);

        _api.Clock.SetUtcNow(due);
        await runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);

        var overdue = (await _admin.GetJsonAsync("/api/tasks?status=overdue")).AsArray().ShouldHaveSingleItem()!;
        overdue["id"]!.GetValue<string>().ShouldBe(taskId);
        _notifier.Sent.ShouldContain(("person:alice", "task-reminder"));
        _notifier.Sent.ShouldNotContain(("person:boss", "task-reminder"));

        _api.Clock.SetUtcNow(due.AddDays(1));
        await runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);
        _notifier.Sent.ShouldContain(("person:boss", "task-reminder"), "without a calendar the manager hears of it 24 hours after the due time");

        using var response = await _admin.PostJsonAsync($"/api/tasks/{taskId}/complete", new { comment = "late" });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await _admin.GetJsonAsync($"/api/tasks/{taskId}"))["status"]!.GetValue<string>().ShouldBe("completed");
        (await _admin.GetJsonAsync($"/api/workflow-instances/{instance["id"]}"))["subStatus"]!.GetValue<string>().ShouldBe(nameof(WorkflowSubStatus.Finished));
    }

    [Fact]
    public async Task Complete_CompletedTask_Returns409NamingItsStatus()
    {
        await _admin.StartRunAsync("onboarding");
        var taskId = await TaskIdAsync();
        using var first = await _admin.PostJsonAsync($"/api/tasks/{taskId}/complete", new { comment = "done" });
        await first.ShouldHaveStatusAsync(HttpStatusCode.Accepted);

        using var second = await _admin.PostJsonAsync($"/api/tasks/{taskId}/complete", new { comment = "again" });

        var problem = await second.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        problem["detail"]!.GetValue<string>().ShouldStartWith($"task '{taskId}' is completed");
    }

    [Fact]
    public async Task Reassign_ToAnotherPerson_NewOwnerToldAndHistoryKept()
    {
        await _admin.StartRunAsync("onboarding");
        var taskId = await TaskIdAsync();

        using var response = await _admin.PostJsonAsync($"/api/tasks/{taskId}/reassign", new { personId = "bob", comment = "alice is on leave" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var task = await _admin.GetJsonAsync($"/api/tasks/{taskId}");
        task["ownerPersonId"]!.GetValue<string>().ShouldBe("bob");
        var move = task["reassignments"]!.AsArray().ShouldHaveSingleItem()!;
        move["from"]!.GetValue<string>().ShouldBe("alice");
        move["to"]!.GetValue<string>().ShouldBe("bob");
        move["comment"]!.GetValue<string>().ShouldBe("alice is on leave");
        _notifier.Sent.ShouldContain(n => n.To == "person:bob" && n.Template == "task-assigned");
        (await _admin.GetJsonAsync("/api/tasks?owner=bob")).AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Reassign_UnknownTaskOrPerson_Returns404Or400()
    {
        await _admin.StartRunAsync("onboarding");
        var taskId = await TaskIdAsync();

        using var unknownTask = await _admin.PostJsonAsync("/api/tasks/nope/reassign", new { personId = "bob" });
        using var unknownPerson = await _admin.PostJsonAsync($"/api/tasks/{taskId}/reassign", new { personId = "carol" });

        (await unknownTask.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldBe("no task 'nope'");
        (await unknownPerson.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["personId"]![0]!.GetValue<string>().ShouldBe("no person 'carol'");
    }

    [Fact]
    public async Task Cancel_OpenTask_WorkflowTakesTheCancelledPath()
    {
        await _admin.StartRunAsync("onboarding");
        var taskId = await TaskIdAsync();

        using var response = await _admin.PostJsonAsync($"/api/tasks/{taskId}/cancel", new { comment = "customer paused onboarding" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await _admin.GetJsonAsync($"/api/tasks/{taskId}"))["status"]!.GetValue<string>().ShouldBe("cancelled");
        _api.Lines.ShouldBe(["kickoff cancelled"]);
        using var complete = await _admin.PostJsonAsync($"/api/tasks/{taskId}/complete", new { comment = "too late" });
        (await complete.ShouldBeProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("is cancelled");
    }

    [Fact]
    public async Task ListMine_KeyNamedAfterAPerson_ListsThatPersonsTasks()
    {
        await _admin.StartRunAsync("onboarding");
        using var alice = await ClientNamedAsync("alice", Roles.Viewer);
        using var stranger = await ClientNamedAsync("not-a-person", Roles.Viewer);

        (await alice.GetJsonAsync("/api/tasks?owner=me")).AsArray().Count.ShouldBe(1);
        using var response = await stranger.GetPathAsync("/api/tasks?owner=me");
        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["owner"]![0]!.GetValue<string>().ShouldContain("'not-a-person'");
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Integration)]
    public async Task Complete_RoleThatMayOnlyRead_Returns403(string role)
    {
        await _admin.StartRunAsync("onboarding");
        var taskId = await TaskIdAsync();
        using var client = await _api.ClientWithRolesAsync(role);

        (await client.GetJsonAsync($"/api/tasks/{taskId}"))["status"]!.GetValue<string>().ShouldBe("open");
        using var response = await client.PostJsonAsync($"/api/tasks/{taskId}/complete", new { comment = "no" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>().ShouldContain("process-owner");
        (await _admin.GetJsonAsync($"/api/tasks/{taskId}"))["status"]!.GetValue<string>().ShouldBe("open");
    }

    [Fact]
    public async Task List_UnknownStatus_Returns400NamingStatus()
    {
        using var response = await _admin.GetPathAsync("/api/tasks?status=done");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["status"].ShouldNotBeNull();
    }

    private async Task<string> TaskIdAsync() =>
        (await _admin.GetJsonAsync("/api/tasks?owner=alice")).AsArray().ShouldHaveSingleItem()!["id"]!.GetValue<string>();

    private async Task<HttpClient> ClientNamedAsync(string name, string role)
    {
        using var response = await _admin.PostJsonAsync("/api/api-keys", new { name, roles = new[] { role } });
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return _api.Client((await response.ReadJsonAsync())["key"]!.GetValue<string>());
    }

    private sealed class RecordingNotifier : INotifier
    {
        private readonly ConcurrentQueue<(string To, string Template)> _sent = new();

        public IReadOnlyList<(string To, string Template)> Sent => [.. _sent];

        public ValueTask<IReadOnlyList<QueuedMessage>> NotifyAsync(ActivityExecutionContext context, NotifyRequest request)
        {
            foreach (var target in request.Targets)
            {
                _sent.Enqueue((target.ToString(), request.Template));
            }

            return ValueTask.FromResult<IReadOnlyList<QueuedMessage>>([]);
        }
    }
}
