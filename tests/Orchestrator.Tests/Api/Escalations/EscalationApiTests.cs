using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Escalation;
using Orchestrator.Activities.Notifications;
using Orchestrator.Auth;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Tests.Api.Escalations;

public sealed class EscalationApiTests
{
    private const string LinkSecret = "api-test-link-secret";

    private static ApiFactory Api() => new(b =>
    {
        b.UseSetting("Orchestrator:Links:Secret", LinkSecret);
        b.ConfigureTestServices(services =>
        {
            services.AddSingleton<INotifier, OneMessageNotifier>();
            services.AddSingleton<ITargetResolver, NamedPersonResolver>();
        });
    });

    private static JsonObject WeeklyRotation(string id = "l2-primary") => new()
    {
        ["id"] = id,
        ["timeZone"] = "Asia/Singapore",
        ["layers"] = new JsonArray
        {
            new JsonObject { ["members"] = new JsonArray("ann", "ben"), ["length"] = "weekly", ["start"] = "2026-11-02", ["handoffTime"] = "09:00" },
        },
    };

    [Fact]
    public async Task Rotations_CreateReadOnCallReplaceDelete_Work()
    {
        await using var api = Api();
        using var client = api.Client();

        using var created = await client.PostJsonAsync("/api/rotations", WeeklyRotation());
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        (await created.ReadJsonAsync())["revision"]!.GetValue<int>().ShouldBe(1);

        // 09:00 Singapore is 01:00 UTC; the second week is ben's.
        var onCall = await client.GetJsonAsync("/api/rotations/l2-primary/on-call?at=2026-11-09T01:00:00Z");
        onCall["personIds"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["ben"]);
        var now = await client.GetJsonAsync("/api/rotations/l2-primary/on-call");
        now["personIds"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["ann"]);

        using var duplicate = await client.PostJsonAsync("/api/rotations", WeeklyRotation());
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var replacement = WeeklyRotation();
        replacement["revision"] = 1;
        using var replaced = await client.PutAsync(new Uri("/api/rotations/l2-primary", UriKind.Relative), JsonContent(replacement), TestContext.Current.CancellationToken);
        await replaced.ShouldHaveStatusAsync(HttpStatusCode.OK);
        using var stale = await client.PutAsync(new Uri("/api/rotations/l2-primary", UriKind.Relative), JsonContent(replacement), TestContext.Current.CancellationToken);
        await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        (await client.GetJsonAsync("/api/rotations")).AsArray().Count.ShouldBe(1);
        using var deleted = await client.DeletePathAsync("/api/rotations/l2-primary");
        await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        using var gone = await client.GetPathAsync("/api/rotations/l2-primary");
        await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateRotation_InvalidLayer_Returns400NamingTheFields()
    {
        await using var api = Api();
        using var client = api.Client();
        var rotation = WeeklyRotation();
        rotation["layers"]![0]!["members"] = new JsonArray();
        rotation["layers"]![0]!["handoffTime"] = "9 am";

        using var response = await client.PostJsonAsync("/api/rotations", rotation);

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["layers[0].members", "layers[0].handoffTime"], ignoreOrder: true);
    }

    [Fact]
    public async Task GetOnCall_BadInstant_Returns400NamingAt()
    {
        await using var api = Api();
        using var client = api.Client();
        (await client.PostJsonAsync("/api/rotations", WeeklyRotation())).Dispose();

        using var response = await client.GetPathAsync("/api/rotations/l2-primary/on-call?at=yesterday");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["at"].ShouldNotBeNull();
    }

    [Fact]
    public async Task EscalationPolicies_ValidAndInvalid_AreStoredOrRefusedByField()
    {
        await using var api = Api();
        using var owner = await api.ClientWithRolesAsync(Roles.ProcessOwner);
        using var viewer = await api.ClientWithRolesAsync(Roles.Viewer);
        var policy = new JsonObject
        {
            ["id"] = "p1-outage",
            ["levels"] = new JsonArray { new JsonObject { ["targets"] = new JsonArray("rotation:l2-primary"), ["delayMinutes"] = 0, ["mode"] = "everyone" } },
            ["repeat"] = 2,
        };

        using var invalid = await owner.PostJsonAsync("/api/escalation-policies", policy);
        var errors = (await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["levels[0].delayMinutes", "levels[0].mode"], ignoreOrder: true);

        policy["levels"]![0]!["delayMinutes"] = 15;
        policy["levels"]![0]!["mode"] = "round-robin";
        using var created = await owner.PostJsonAsync("/api/escalation-policies", policy);
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        using var refused = await viewer.PostJsonAsync("/api/escalation-policies", policy);
        await refused.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await viewer.GetJsonAsync("/api/escalation-policies/p1-outage"))["levels"]![0]!["mode"]!.GetValue<string>().ShouldBe("round-robin");
    }

    private static async Task<string> StartEscalationAsync(HttpClient client)
    {
        var policy = new JsonObject { ["levels"] = new JsonArray { new JsonObject { ["targets"] = new JsonArray("person:alice"), ["delayMinutes"] = 10 } } };
        var escalate = Flows.Activity("page", "Orchestrator.Escalate", ("policy", new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = policy.ToJsonString() } }), ("subject", Flows.Literal("T-1")));
        await client.SaveAsync(Flows.Definition("page-flow", "Page", [escalate]), publish: true);
        var instance = await client.StartRunAsync("page-flow");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Suspended");
        return instance["id"]!.GetValue<string>();
    }

    private static async Task<string> StatusAsync(HttpClient client, string instanceId) =>
        (await client.GetJsonAsync($"/api/workflow-instances/{instanceId}"))["subStatus"]!.GetValue<string>();

    [Fact]
    public async Task Acknowledge_IncidentCommanderKey_IsStoredThenDeliveredAndEndsTheEscalation()
    {
        await using var api = Api();
        using var admin = api.Client();
        var instanceId = await StartEscalationAsync(admin);
        using var commander = await api.ClientWithRolesAsync(Roles.IncidentCommander);

        using var response = await commander.PostJsonAsync("/api/escalations/T-1/acknowledge", new { by = "alice" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await response.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("delivered");
        (await StatusAsync(admin, instanceId)).ShouldBe(nameof(WorkflowSubStatus.Finished));
    }

    [Theory]
    [InlineData(Roles.Viewer, null, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Integration, null, HttpStatusCode.Forbidden)]
    [InlineData("person:bob", "alice", HttpStatusCode.Forbidden)]
    [InlineData("person:alice", null, HttpStatusCode.Accepted)]
    public async Task Acknowledge_ByKey_OnlyActingRolesOrTheRespondersOwnKey(string keyName, string? by, HttpStatusCode expected)
    {
        await using var api = Api();
        using var admin = api.Client();
        await StartEscalationAsync(admin);
        using var createdKey = await admin.PostJsonAsync("/api/api-keys", new { name = keyName, roles = new[] { keyName.StartsWith("person:", StringComparison.Ordinal) ? Roles.Viewer : keyName } });
        using var client = api.Client((await createdKey.ReadJsonAsync())["key"]!.GetValue<string>());

        using var response = await client.PostJsonAsync("/api/escalations/T-1/acknowledge", new { by });

        await response.ShouldHaveStatusAsync(expected);
    }

    [Fact]
    public async Task Acknowledge_NoKeyNoLink_Returns401()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.PostJsonAsync("/api/escalations/T-1/acknowledge", new { by = "alice" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static string Link(string key, string by, DateTimeOffset expires, string? sig = null)
    {
        var exp = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"/api/escalations/{key}/acknowledge?by={by}&exp={exp}&sig={sig ?? AcknowledgeLinks.Sign(LinkSecret, key, by, exp)}";
    }

    [Fact]
    public async Task Acknowledge_ValidSignedLinkWithoutKey_AcknowledgesAsTheLinksPerson()
    {
        await using var api = Api();
        using var admin = api.Client();
        var instanceId = await StartEscalationAsync(admin);
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.GetPathAsync(Link("T-1", "alice", api.Clock.GetUtcNow().AddHours(1)));

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await StatusAsync(admin, instanceId)).ShouldBe(nameof(WorkflowSubStatus.Finished));
        var journal = (await admin.GetJsonAsync($"/api/workflow-instances/{instanceId}/journal")).ToJsonString();
        journal.ShouldContain("acknowledged by alice");
    }

    [Fact]
    public async Task Acknowledge_TamperedSignedLink_Returns403AndLeavesTheEscalationRunning()
    {
        await using var api = Api();
        using var admin = api.Client();
        var instanceId = await StartEscalationAsync(admin);
        using var anonymous = api.Client(apiKey: null);
        var expires = api.Clock.GetUtcNow().AddHours(1);
        var forAlice = Link("T-1", "alice", expires);
        var sig = forAlice[(forAlice.IndexOf("sig=", StringComparison.Ordinal) + 4)..];

        using var otherPerson = await anonymous.PostJsonAsync(Link("T-1", "mallory", expires, sig), null);
        using var otherTicket = await anonymous.GetPathAsync(Link("T-2", "alice", expires, sig));

        await otherPerson.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await otherTicket.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await StatusAsync(admin, instanceId)).ShouldBe(nameof(WorkflowSubStatus.Suspended));
    }

    [Fact]
    public async Task Acknowledge_ExpiredSignedLink_Returns410()
    {
        await using var api = Api();
        using var admin = api.Client();
        var instanceId = await StartEscalationAsync(admin);
        using var anonymous = api.Client(apiKey: null);
        var link = Link("T-1", "alice", api.Clock.GetUtcNow().AddMinutes(5));
        api.Clock.Advance(TimeSpan.FromMinutes(6));

        using var response = await anonymous.GetPathAsync(link);

        await response.ShouldBeProblemAsync(HttpStatusCode.Gone);
        (await StatusAsync(admin, instanceId)).ShouldNotBe(nameof(WorkflowSubStatus.Finished));
    }

    [Fact]
    public async Task AcceptHandoff_CsmKey_ResumesTheHandoff()
    {
        await using var api = Api();
        using var admin = api.Client();
        var handoff = Flows.Activity("handoff", "Orchestrator.HandoffToTier", ("ticketId", Flows.Literal("T-5")), ("toTier", Flows.Literal("L2")), ("reason", Flows.Literal("needs logs")));
        await admin.SaveAsync(Flows.Definition("handoff-flow", "Handoff", [handoff]), publish: true);
        var instanceId = (await admin.StartRunAsync("handoff-flow"))["id"]!.GetValue<string>();
        using var csm = await api.ClientWithRolesAsync(Roles.Csm);

        using var response = await csm.PostJsonAsync("/api/handoffs/T-5/accept", new { by = "lee" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await StatusAsync(admin, instanceId)).ShouldBe(nameof(WorkflowSubStatus.Finished));
    }

    private static StringContent JsonContent(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    /// <summary>Test double for the notifier: one email per person target, sent nowhere.</summary>
    private sealed class OneMessageNotifier : INotifier
    {
        public ValueTask<IReadOnlyList<QueuedMessage>> NotifyAsync(ActivityExecutionContext context, NotifyRequest request) =>
            ValueTask.FromResult<IReadOnlyList<QueuedMessage>>([.. request.Targets.Select(t => new QueuedMessage(Guid.NewGuid().ToString("N"), "email", t.Id, $"{t.Id}@example.com"))]);
    }

    /// <summary>Test double for the people directory: every person id names a person.</summary>
    private sealed class NamedPersonResolver : ITargetResolver
    {
        public TargetKind Kind => TargetKind.Person;

        public ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<Person>>([new Person { Id = target.Id, Name = target.Id }]);
    }
}
