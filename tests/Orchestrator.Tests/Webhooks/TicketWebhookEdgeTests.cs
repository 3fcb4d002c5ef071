using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Stimuli;
using Orchestrator.Tests.Api;
using Orchestrator.Webhooks;

namespace Orchestrator.Tests.Webhooks;

/// <summary>
/// The edges of the ticket webhooks over HTTP: every priority and status each source sends, repeated and replayed
/// deliveries, and signatures that are nearly right.
/// </summary>
public sealed class TicketWebhookEdgeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ApiFactory Api() => new(builder =>
    {
        foreach (var (key, value) in WebhookSigner.Settings)
        {
            builder.UseSetting(key, value);
        }
    });

    /// <summary>Started by a new ticket, then waits for it to be solved.</summary>
    private static JsonObject TicketFlow() => Flows.Chain(
        "edge-ticket-flow",
        "Ticket flow",
        [
            Flows.Activity(
                "created",
                "Orchestrator.ReceiveTicketEvent",
                ("eventType", Flows.Literal("ticket.created")),
                ("customProperties", new JsonObject { ["canStartWorkflow"] = true }),
                ("event", new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "Ticket" } })),
            Flows.Activity("written", "Elsa.WriteLine", ("text", Flows.Js("'ticket ' + getVariable('Ticket').ticketId + ' ' + getVariable('Ticket').priority", "String"))),
            Flows.Activity("solved", "Orchestrator.ReceiveTicketEvent", ("eventType", Flows.Literal("ticket.solved"))),
        ],
        [Flows.Variable("Ticket", "Object")]);

    private static async Task<JsonObject> StoredEventAsync(ApiFactory api, HttpRequestMessage request)
    {
        using var anonymous = api.Client(apiKey: null);
        using (request)
        {
            using var response = await anonymous.SendAsync(request, Ct);
            await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
            var id = (await response.ReadJsonAsync())["events"]![0]!["stimulusId"]!.GetValue<string>();
            var stored = await api.Services.GetRequiredService<IStimulusInbox>().FindAsync(id, Ct);
            return stored.ShouldNotBeNull().Payload!.AsObject();
        }
    }

    private static async Task NothingStoredAsync(ApiFactory api) =>
        (await api.Services.GetRequiredService<IStimulusInbox>().ListUndeliveredAsync(DateTimeOffset.MinValue, Ct)).ShouldBeEmpty();

    [Theory]
    [InlineData("low", "P4")]
    [InlineData("normal", "P3")]
    [InlineData("high", "P2")]
    [InlineData("urgent", "P1")]
    public async Task Zendesk_Priority_MapsOntoP1ToP4(string zendesk, string expected)
    {
        await using var api = Api();

        var stored = await StoredEventAsync(api, WebhookSigner.Zendesk(TicketPayloads.ZendeskCreated("01HZE-" + zendesk, "36001", zendesk, api.Clock.GetUtcNow()), api.Clock.GetUtcNow()));

        stored["priority"]!.GetValue<string>().ShouldBe(expected);
    }

    [Theory]
    [InlineData("new", "new")]
    [InlineData("open", "open")]
    [InlineData("pending", "pending")]
    [InlineData("hold", "hold")]
    [InlineData("solved", "solved")]
    [InlineData("closed", "closed")]
    public async Task Zendesk_Status_MapsOntoTheNormalisedStatus(string zendesk, string expected)
    {
        await using var api = Api();

        var stored = await StoredEventAsync(api, WebhookSigner.Zendesk(TicketPayloads.ZendeskCreated("01HZE-" + zendesk, "36002", "normal", api.Clock.GetUtcNow(), status: zendesk), api.Clock.GetUtcNow()));

        stored["status"]!.GetValue<string>().ShouldBe(expected);
    }

    [Theory]
    [InlineData("priority", "critical", "'detail.priority' is 'critical'; expected low, normal, high or urgent")]
    [InlineData("status", "waiting", "'detail.status' is 'waiting'; expected new, open, pending, hold, solved or closed")]
    public async Task Zendesk_UnknownPriorityOrStatus_Is400NamingTheFieldAndStoresNothing(string field, string value, string error)
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var body = JsonNode.Parse(TicketPayloads.ZendeskCreated("01HZE-bad", "36003", "normal", api.Clock.GetUtcNow()))!;
        body["detail"]![field] = value;

        using var response = await anonymous.SendAsync(WebhookSigner.Zendesk(body.ToJsonString(), api.Clock.GetUtcNow()), Ct);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["detail." + field]![0]!.GetValue<string>().ShouldBe(error);
        await NothingStoredAsync(api);
    }

    [Fact]
    public async Task Jira_WrongSignature_Is401AndStoresNothing()
    {
        await using var api = Api();
        using var client = api.Client();
        await client.SaveAsync(TicketFlow(), publish: true);
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.SendAsync(WebhookSigner.Jira(TicketPayloads.JiraCreated("SUP-60", api.Clock.GetUtcNow()), "jira-wrong-1", secret: "not-the-jira-secret"), Ct);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().ShouldBe("header X-Hub-Signature does not match the body");
        await NothingStoredAsync(api);
        (await client.InstancesOfAsync("edge-ticket-flow")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Jira_SameDeliveryIdentifierTwice_StoresOneEventAndStartsOneRun()
    {
        await using var api = Api();
        using var client = api.Client();
        await client.SaveAsync(TicketFlow(), publish: true);
        using var anonymous = api.Client(apiKey: null);
        var body = TicketPayloads.JiraCreated("SUP-61", api.Clock.GetUtcNow());

        var statuses = new List<string>();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            using var response = await anonymous.SendAsync(WebhookSigner.Jira(body, "b7e1-delivery-61"), Ct);
            await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
            statuses.Add((await response.ReadJsonAsync())["events"]!.AsArray().ShouldHaveSingleItem()!["status"]!.GetValue<string>());
        }

        statuses.ShouldBe(["accepted", "duplicate"]);
        await api.Services.GetRequiredService<TicketEventDelivery>().WhenIdleAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        (await client.InstancesOfAsync("edge-ticket-flow")).ShouldHaveSingleItem()!["correlationId"]!.GetValue<string>().ShouldBe("jira:SUP-61");
        api.Lines.ShouldBe(["ticket jira:SUP-61 P2"]);
    }

    [Fact]
    public async Task Jira_OldBodyTimestamp_Is401NamingTheBodyField()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.SendAsync(WebhookSigner.Jira(TicketPayloads.JiraCreated("SUP-62", api.Clock.GetUtcNow().AddMinutes(-6)), "b7e1-delivery-62"), Ct);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>()
            .ShouldBe("body field 'timestamp' 2026-11-02T08:54:00.0000000+00:00 is outside the 5-minute replay window");
        await NothingStoredAsync(api);
    }

    [Theory]
    [InlineData("1", "P1")]
    [InlineData("2", "P2")]
    [InlineData("3", "P3")]
    [InlineData("4", "P4")]
    [InlineData("5", "P4")]
    public async Task ServiceNow_Priority_MapsOneToFiveOntoP1ToP4(string priority, string expected)
    {
        await using var api = Api();

        var stored = await StoredEventAsync(api, WebhookSigner.ServiceNow(TicketPayloads.ServiceNowCreated("INC0020001", priority, "1", api.Clock.GetUtcNow()), api.Clock.GetUtcNow()));

        stored["priority"]!.GetValue<string>().ShouldBe(expected);
    }

    [Theory]
    [InlineData("1", "new")]
    [InlineData("2", "open")]
    [InlineData("3", "hold")]
    [InlineData("6", "solved")]
    [InlineData("7", "closed")]
    [InlineData("8", "closed")]
    public async Task ServiceNow_State_MapsOntoTheNormalisedStatus(string state, string expected)
    {
        await using var api = Api();

        var stored = await StoredEventAsync(api, WebhookSigner.ServiceNow(TicketPayloads.ServiceNowCreated("INC0020002", "3", state, api.Clock.GetUtcNow()), api.Clock.GetUtcNow()));

        stored["status"]!.GetValue<string>().ShouldBe(expected);
    }

    [Theory]
    [InlineData("2", "3", "ticket.status_changed", "hold")]
    [InlineData("2", "7", "ticket.status_changed", "closed")]
    [InlineData("2", "8", "ticket.status_changed", "closed")]
    [InlineData("6", "2", "ticket.reopened", "open")]
    public async Task ServiceNow_StateChange_BecomesTheMatchingEvent(string previousState, string state, string type, string status)
    {
        await using var api = Api();

        var stored = await StoredEventAsync(api, WebhookSigner.ServiceNow(TicketPayloads.ServiceNowUpdated("INC0020003", "5", "3", state, "3", previousState, api.Clock.GetUtcNow()), api.Clock.GetUtcNow()));

        stored["type"]!.GetValue<string>().ShouldBe(type);
        stored["status"]!.GetValue<string>().ShouldBe(status);
    }

    [Theory]
    [InlineData("priority", "0", "'priority' is '0'; expected 1 (critical), 2 (high), 3 (moderate), 4 (low) or 5 (planning)")]
    [InlineData("priority", "1 - Critical", "'priority' is '1 - Critical'; expected 1 (critical), 2 (high), 3 (moderate), 4 (low) or 5 (planning)")]
    [InlineData("state", "4", "'state' is '4'; expected 1 (New), 2 (In Progress), 3 (On Hold), 6 (Resolved), 7 (Closed) or 8 (Canceled)")]
    public async Task ServiceNow_UnknownPriorityOrState_Is400NamingTheFieldAndStoresNothing(string field, string value, string error)
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var body = JsonNode.Parse(TicketPayloads.ServiceNowCreated("INC0020004", "3", "1", api.Clock.GetUtcNow()))!;
        body[field] = value;

        using var response = await anonymous.SendAsync(WebhookSigner.ServiceNow(body.ToJsonString(), api.Clock.GetUtcNow()), Ct);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]![field]![0]!.GetValue<string>().ShouldBe(error);
        await NothingStoredAsync(api);
    }

    [Theory]
    [InlineData("servicenow", -6, "header X-ServiceNow-Timestamp 2026-11-02T08:54:00.0000000+00:00 is outside the 5-minute replay window")]
    [InlineData("servicenow", 6, "header X-ServiceNow-Timestamp 2026-11-02T09:06:00.0000000+00:00 is outside the 5-minute replay window")]
    [InlineData("generic", -6, "header X-Orchestrator-Timestamp 2026-11-02T08:54:00.0000000+00:00 is outside the 5-minute replay window")]
    [InlineData("generic", 6, "header X-Orchestrator-Timestamp 2026-11-02T09:06:00.0000000+00:00 is outside the 5-minute replay window")]
    public async Task TimestampOutsideTheReplayWindow_Is401NamingTheHeaderAndStoresNothing(string source, int minutes, string detail)
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var sentAt = api.Clock.GetUtcNow().AddMinutes(minutes);

        using var response = await anonymous.SendAsync(Signed(source, api.Clock.GetUtcNow(), sentAt), Ct);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().ShouldBe(detail);
        await NothingStoredAsync(api);
    }

    [Theory]
    [InlineData("servicenow", -5)]
    [InlineData("servicenow", 5)]
    [InlineData("generic", -5)]
    [InlineData("generic", 5)]
    public async Task TimestampAtTheEdgeOfTheReplayWindow_IsAccepted(string source, int minutes)
    {
        await using var api = Api();

        var stored = await StoredEventAsync(api, Signed(source, api.Clock.GetUtcNow(), api.Clock.GetUtcNow().AddMinutes(minutes)));

        stored["type"]!.GetValue<string>().ShouldBe("ticket.created");
    }

    [Theory]
    [InlineData("zendesk", "X-Zendesk-Webhook-Signature")]
    [InlineData("jira", "X-Hub-Signature")]
    [InlineData("servicenow", "X-ServiceNow-Signature")]
    [InlineData("generic", "X-Orchestrator-Signature")]
    public async Task MissingSignature_Is401SayingWhichHeaderIsMissing(string source, string header)
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        using var request = Signed(source, api.Clock.GetUtcNow(), api.Clock.GetUtcNow());
        request.Headers.Remove(header);

        using var response = await anonymous.SendAsync(request, Ct);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().ShouldBe($"header {header} is missing");
        await NothingStoredAsync(api);
    }

    /// <summary>
    /// Signatures that are nearly right: one bit off in the last byte, a byte short or long, another letter case, another
    /// encoding. Each is refused and nothing is stored; the unaltered signature is then accepted, so the alteration is what
    /// was refused.
    /// </summary>
    [Theory]
    [InlineData("zendesk", "X-Zendesk-Webhook-Signature")]
    [InlineData("jira", "X-Hub-Signature")]
    [InlineData("servicenow", "X-ServiceNow-Signature")]
    [InlineData("generic", "X-Orchestrator-Signature")]
    public async Task NearlyRightSignature_Is401AndStoresNothing_WhileTheExactOneIsAccepted(string source, string header)
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var now = api.Clock.GetUtcNow();
        string signature;
        using (var probe = Signed(source, now, now))
        {
            signature = probe.Headers.GetValues(header).Single();
        }

        var alterations = source == "zendesk" ? Base64Alterations(signature) : HexAlterations(signature);
        foreach (var (name, altered) in alterations)
        {
            altered.ShouldNotBe(signature, name);
            using var request = Signed(source, now, now);
            request.Headers.Remove(header);
            request.Headers.TryAddWithoutValidation(header, altered);

            using var response = await anonymous.SendAsync(request, Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, name);
            (await response.ReadJsonAsync())["detail"]!.GetValue<string>().ShouldBe($"header {header} does not match the body", name);
        }

        await NothingStoredAsync(api);
        using var exact = await anonymous.SendAsync(Signed(source, now, now), Ct);
        await exact.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
    }

    private static IEnumerable<(string Name, string Value)> Base64Alterations(string signature)
    {
        var mac = Convert.FromBase64String(signature);
        yield return ("last byte flipped", Convert.ToBase64String([.. mac[..^1], (byte)(mac[^1] ^ 0x01)]));
        yield return ("one byte short", Convert.ToBase64String(mac[..^1]));
        yield return ("one byte long", Convert.ToBase64String([.. mac, 0x00]));
        yield return ("letter case swapped", new string([.. signature.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c))]));
        yield return ("padding dropped", signature.TrimEnd('='));
        yield return ("base64url alphabet", signature.Replace('+', '-').Replace('/', '_').TrimEnd('='));
        yield return ("hex instead of base64", Convert.ToHexStringLower(mac));
    }

    private static IEnumerable<(string Name, string Value)> HexAlterations(string signature)
    {
        const string Prefix = "sha256=";
        var mac = Convert.FromHexString(signature[Prefix.Length..]);
        yield return ("last byte flipped", Prefix + Convert.ToHexStringLower([.. mac[..^1], (byte)(mac[^1] ^ 0x01)]));
        yield return ("one byte short", Prefix + Convert.ToHexStringLower(mac[..^1]));
        yield return ("one byte long", Prefix + Convert.ToHexStringLower([.. mac, 0x00]));
        yield return ("last hex digit dropped", signature[..^1]);
        yield return ("upper-case hex", Prefix + Convert.ToHexString(mac));
        yield return ("upper-case prefix", "SHA256=" + signature[Prefix.Length..]);
        yield return ("no prefix", signature[Prefix.Length..]);
        yield return ("base64 instead of hex", Prefix + Convert.ToBase64String(mac));
    }

    /// <summary>A correctly signed ticket.created delivery from one source, with the given send time where the source has one.</summary>
    private static HttpRequestMessage Signed(string source, DateTimeOffset now, DateTimeOffset sentAt) => source switch
    {
        "zendesk" => WebhookSigner.Zendesk(TicketPayloads.ZendeskCreated("01HZE-sig", "36010", "high", now), sentAt),
        "jira" => WebhookSigner.Jira(TicketPayloads.JiraCreated("SUP-70", sentAt), "b7e1-delivery-70"),
        "servicenow" => WebhookSigner.ServiceNow(TicketPayloads.ServiceNowCreated("INC0020010", "2", "1", now), sentAt),
        _ => WebhookSigner.Generic(TicketPayloads.Generic("evt-sig", "ticket.created", "T-70", now), sentAt),
    };
}
