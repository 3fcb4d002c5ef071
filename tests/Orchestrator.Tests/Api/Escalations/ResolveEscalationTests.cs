using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Auth;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Tests.Api.Escalations;

/// <summary>
/// <c>POST /api/escalations/{key}/resolve</c> through the HTTP API, a real SQLite database and a fake clock: an escalation
/// with a 30-minute acknowledgement timeout over two 10-minute levels (alice, then bob); the run goes on to
/// <c>resolved</c> when it ends Acknowledged and to <c>exhausted</c> otherwise.
/// </summary>
public sealed class ResolveEscalationTests
{
    private readonly RecordingNotifier _pages = new();

    private ApiFactory Api() => new(b => b.ConfigureTestServices(services =>
    {
        services.AddSingleton<INotifier>(_pages);
        services.AddSingleton<ITargetResolver, NamedPersonResolver>();
    }));

    private static async Task<string> StartEscalationAsync(HttpClient client)
    {
        var policy = new JsonObject
        {
            ["levels"] = new JsonArray
            {
                new JsonObject { ["targets"] = new JsonArray("person:alice"), ["delayMinutes"] = 10 },
                new JsonObject { ["targets"] = new JsonArray("person:bob"), ["delayMinutes"] = 10 },
            },
        };
        var escalate = Flows.Activity(
            "page",
            "Orchestrator.Escalate",
            ("policy", new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = policy.ToJsonString() } }),
            ("subject", Flows.Literal("T-7")),
            ("ackTimeout", new JsonObject { ["typeName"] = "TimeSpan", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "00:30:00" } }));
        await client.SaveAsync(
            Flows.Definition("resolve-flow", "Page until resolved", [escalate, Flows.WriteLine("resolved", "resolved"), Flows.WriteLine("exhausted", "exhausted")], [("page", "Acknowledged", "resolved"), ("page", "Exhausted", "exhausted")]),
            publish: true);
        var instance = await client.StartRunAsync("resolve-flow");
        instance["subStatus"]!.GetValue<string>().ShouldBe(nameof(WorkflowSubStatus.Suspended));
        return instance["id"]!.GetValue<string>();
    }

    private static async Task<string> StatusAsync(HttpClient client, string instanceId) =>
        (await client.GetJsonAsync($"/api/workflow-instances/{instanceId}"))["subStatus"]!.GetValue<string>();

    private static async Task<List<string>> CompletedActivitiesAsync(HttpClient client, string instanceId) =>
        [.. (await client.GetJsonAsync($"/api/workflow-instances/{instanceId}/journal")).AsArray()
            .Where(e => e!["event"]!.GetValue<string>() == "Completed")
            .Select(e => e!["activityId"]!.GetValue<string>())];

    private static async Task AdvanceAsync(ApiFactory api, TimeSpan by)
    {
        api.Clock.Advance(by);
        await api.Services.GetRequiredService<WorkflowRuntime>().FireDueTimersAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Resolve_AcknowledgedEscalationInFlight_StopsThePagingAndTheRunTakesTheResolvedPath()
    {
        await using var api = Api();
        using var admin = api.Client();
        var instanceId = await StartEscalationAsync(admin);
        using var commander = await api.ClientWithRolesAsync(Roles.IncidentCommander);
        _pages.PersonIds.ShouldBe(["alice"]);
        await AdvanceAsync(api, TimeSpan.FromMinutes(5));
        using var acknowledged = await commander.PostJsonAsync("/api/escalations/T-7/acknowledge", new { by = "alice" });
        await acknowledged.ShouldHaveStatusAsync(HttpStatusCode.Accepted);

        using var response = await commander.PostJsonAsync("/api/escalations/T-7/resolve", new { by = "alice" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await response.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("delivered");
        await AdvanceAsync(api, TimeSpan.FromMinutes(10));
        await AdvanceAsync(api, TimeSpan.FromMinutes(30));
        _pages.PersonIds.ShouldBe(["alice"], "neither bob's level nor the restart after the acknowledgement timeout pages anyone");
        (await StatusAsync(admin, instanceId)).ShouldBe(nameof(WorkflowSubStatus.Finished));
        var completed = await CompletedActivitiesAsync(admin, instanceId);
        completed.ShouldContain("resolved");
        completed.ShouldNotContain("exhausted");
    }

    [Fact]
    public async Task Resolve_AcknowledgedButNotResolved_RestartsThePagingAtTheTimeout()
    {
        await using var api = Api();
        using var admin = api.Client();
        var instanceId = await StartEscalationAsync(admin);
        using var commander = await api.ClientWithRolesAsync(Roles.IncidentCommander);
        using var acknowledged = await commander.PostJsonAsync("/api/escalations/T-7/acknowledge", new { by = "alice" });
        await acknowledged.ShouldHaveStatusAsync(HttpStatusCode.Accepted);

        await AdvanceAsync(api, TimeSpan.FromMinutes(30));

        _pages.PersonIds.ShouldBe(["alice", "alice"], "without a resolution the escalation pages level 1 again");
        (await StatusAsync(admin, instanceId)).ShouldBe(nameof(WorkflowSubStatus.Suspended));
    }

    [Fact]
    public async Task Resolve_UnknownKey_Returns404NamingTheKey()
    {
        await using var api = Api();
        using var commander = await api.ClientWithRolesAsync(Roles.IncidentCommander);

        using var response = await commander.PostJsonAsync("/api/escalations/T-404/resolve", new { by = "alice" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldContain("'T-404'");
    }

    [Fact]
    public async Task Resolve_NotYetAcknowledged_Returns409SayingToAcknowledgeAndPagingGoesOn()
    {
        await using var api = Api();
        using var admin = api.Client();
        var instanceId = await StartEscalationAsync(admin);
        using var commander = await api.ClientWithRolesAsync(Roles.IncidentCommander);

        using var response = await commander.PostJsonAsync("/api/escalations/T-7/resolve", new { by = "alice" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("acknowledge");
        await AdvanceAsync(api, TimeSpan.FromMinutes(10));
        _pages.PersonIds.ShouldBe(["alice", "bob"]);
        (await StatusAsync(admin, instanceId)).ShouldBe(nameof(WorkflowSubStatus.Suspended));
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Integration)]
    public async Task Resolve_RoleThatMayNotAct_Returns403AndTheEscalationHolds(string role)
    {
        await using var api = Api();
        using var admin = api.Client();
        var instanceId = await StartEscalationAsync(admin);
        using (var acknowledged = await admin.PostJsonAsync("/api/escalations/T-7/acknowledge", new { by = "alice" }))
        {
            await acknowledged.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        using var client = await api.ClientWithRolesAsync(role);

        using var response = await client.PostJsonAsync("/api/escalations/T-7/resolve", new { by = "alice" });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>().ShouldContain(Roles.IncidentCommander);
        (await StatusAsync(admin, instanceId)).ShouldBe(nameof(WorkflowSubStatus.Suspended));
    }

    [Fact]
    public async Task Resolve_NoKey_Returns401()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.PostJsonAsync("/api/escalations/T-7/resolve", new { by = "alice" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Resolve_Twice_SecondIs404AndKeepsNothingForALaterEscalationOfTheSameKey()
    {
        await using var api = Api();
        using var admin = api.Client();
        var first = await StartEscalationAsync(admin);
        using var commander = await api.ClientWithRolesAsync(Roles.IncidentCommander);
        (await commander.PostJsonAsync("/api/escalations/T-7/acknowledge", new { by = "alice" })).Dispose();
        using var resolved = await commander.PostJsonAsync("/api/escalations/T-7/resolve", new { by = "alice" });
        await resolved.ShouldHaveStatusAsync(HttpStatusCode.Accepted);

        using var again = await commander.PostJsonAsync("/api/escalations/T-7/resolve", new { by = "alice" });

        (await again.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldContain("already been resolved");
        (await StatusAsync(admin, first)).ShouldBe(nameof(WorkflowSubStatus.Finished));
        var second = (await admin.StartRunAsync("resolve-flow"))["id"]!.GetValue<string>();
        using var acknowledgedAgain = await commander.PostJsonAsync("/api/escalations/T-7/acknowledge", new { by = "bob" });
        await acknowledgedAgain.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await StatusAsync(admin, second)).ShouldBe(nameof(WorkflowSubStatus.Suspended), "the repeated resolution must not end the next escalation");
    }

    /// <summary>Test double for the notifier: records who was paged, one email per person target, sent nowhere.</summary>
    private sealed class RecordingNotifier : INotifier
    {
        private readonly ConcurrentQueue<string> _personIds = new();

        public List<string> PersonIds => [.. _personIds];

        public ValueTask<IReadOnlyList<QueuedMessage>> NotifyAsync(ActivityExecutionContext context, NotifyRequest request)
        {
            foreach (var target in request.Targets)
            {
                _personIds.Enqueue(target.Id);
            }

            return ValueTask.FromResult<IReadOnlyList<QueuedMessage>>([.. request.Targets.Select(t => new QueuedMessage(Guid.NewGuid().ToString("N"), "email", t.Id, $"{t.Id}@example.com"))]);
        }
    }

    /// <summary>Test double for the people directory: every person id names a person.</summary>
    private sealed class NamedPersonResolver : ITargetResolver
    {
        public TargetKind Kind => TargetKind.Person;

        public ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<Person>>([new Person { Id = target.Id, Name = target.Id }]);
    }
}
