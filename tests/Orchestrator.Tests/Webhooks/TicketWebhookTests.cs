using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Stimuli;
using Orchestrator.Tests.Api;
using Orchestrator.Webhooks;

namespace Orchestrator.Tests.Webhooks;

/// <summary>Signed ticket webhooks over HTTP on a real SQLite database: verified, normalised, stored once, then delivered.</summary>
public sealed class TicketWebhookTests
{
    private static JsonObject TicketTrigger(string id) => Flows.Activity(
        id,
        "Orchestrator.ReceiveTicketEvent",
        ("eventType", Flows.Literal("ticket.created")),
        ("customProperties", new JsonObject { ["canStartWorkflow"] = true }),
        ("event", new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "Ticket" } }));

    /// <summary>Started by a new ticket: writes what it got, then waits for that ticket to be solved.</summary>
    private static JsonObject TicketFlow() => Flows.Chain(
        "ticket-flow",
        "Ticket flow",
        [
            TicketTrigger("created"),
            Flows.Activity("written", "Elsa.WriteLine", ("text", Flows.Js("'ticket ' + getVariable('Ticket').ticketId + ' ' + getVariable('Ticket').priority + ' ' + getVariable('Ticket').category", "String"))),
            Flows.Activity("solved", "Orchestrator.ReceiveTicketEvent", ("eventType", Flows.Literal("ticket.solved"))),
            Flows.WriteLine("done", "solved"),
        ],
        [Flows.Variable("Ticket", "Object")]);

    private static ApiFactory Api(bool generic = true) => new(builder =>
    {
        foreach (var (key, value) in WebhookSigner.Settings)
        {
            if (generic || !key.Contains("Generic", StringComparison.Ordinal))
            {
                builder.UseSetting(key, value);
            }
        }
    });

    private static Task IdleAsync(ApiFactory api) =>
        api.Services.GetRequiredService<TicketEventDelivery>().WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

    [Fact]
    public async Task Zendesk_SignedTicketCreated_StartsTheTriggeredWorkflowCorrelatedToTheTicket()
    {
        await using var api = Api();
        using var client = api.Client();
        await client.SaveAsync(TicketFlow(), publish: true);
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.SendAsync(WebhookSigner.Zendesk(TicketPayloads.ZendeskCreated("01HZX-1", "35436", "urgent", api.Clock.GetUtcNow()), api.Clock.GetUtcNow()), TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var accepted = await response.ReadJsonAsync();
        accepted["status"]!.GetValue<string>().ShouldBe("accepted");
        var receipt = accepted["events"]!.AsArray().ShouldHaveSingleItem()!;
        receipt["type"]!.GetValue<string>().ShouldBe("ticket.created");
        receipt["ticketId"]!.GetValue<string>().ShouldBe("zendesk:35436");
        receipt["status"]!.GetValue<string>().ShouldBe("accepted");
        await IdleAsync(api);
        api.Lines.ShouldBe(["ticket zendesk:35436 P1 account access"]);
        var instance = (await client.InstancesOfAsync("ticket-flow")).ShouldHaveSingleItem()!;
        instance["correlationId"]!.GetValue<string>().ShouldBe("zendesk:35436");
        instance["subStatus"]!.GetValue<string>().ShouldBe("Suspended");
    }

    [Fact]
    public async Task Zendesk_SameDeliveryTenTimes_StartsOneRun()
    {
        await using var api = Api();
        using var client = api.Client();
        await client.SaveAsync(TicketFlow(), publish: true);
        using var anonymous = api.Client(apiKey: null);
        var body = TicketPayloads.ZendeskCreated("01HZX-2", "35437", "high", api.Clock.GetUtcNow());

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => anonymous.SendAsync(WebhookSigner.Zendesk(body, api.Clock.GetUtcNow()), TestContext.Current.CancellationToken)));

        var statuses = new List<string>();
        foreach (var response in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            statuses.Add((await response.ReadJsonAsync())["events"]![0]!["status"]!.GetValue<string>());
            response.Dispose();
        }

        statuses.Count(s => s == "accepted").ShouldBe(1);
        statuses.Count(s => s == "duplicate").ShouldBe(9);
        await IdleAsync(api);
        (await client.InstancesOfAsync("ticket-flow")).Count.ShouldBe(1);
        api.Lines.ShouldBe(["ticket zendesk:35437 P2 account access"]);
    }

    [Fact]
    public async Task Zendesk_WrongSignature_Is401AndStoresNothing()
    {
        await using var api = Api();
        using var client = api.Client();
        await client.SaveAsync(TicketFlow(), publish: true);
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.SendAsync(WebhookSigner.Zendesk(TicketPayloads.ZendeskCreated("01HZX-3", "35438", "urgent", api.Clock.GetUtcNow()), api.Clock.GetUtcNow(), secret: "not-the-secret"), TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem["detail"]!.GetValue<string>().ShouldBe("header X-Zendesk-Webhook-Signature does not match the body");
        (await api.Services.GetRequiredService<IStimulusInbox>().ListUndeliveredAsync(DateTimeOffset.MinValue, TestContext.Current.CancellationToken)).ShouldBeEmpty();
        (await client.InstancesOfAsync("ticket-flow")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Zendesk_TimestampOutsideTheReplayWindow_Is401()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var sixMinutesAgo = api.Clock.GetUtcNow().AddMinutes(-6);

        using var response = await anonymous.SendAsync(WebhookSigner.Zendesk(TicketPayloads.ZendeskCreated("01HZX-4", "35439", "urgent", sixMinutesAgo), sixMinutesAgo), TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem["detail"]!.GetValue<string>().ShouldBe("header X-Zendesk-Webhook-Signature-Timestamp 2026-11-02T08:54:00.0000000+00:00 is outside the 5-minute replay window");
    }

    [Fact]
    public async Task Zendesk_PayloadWithoutDetail_Is400NamingTheField()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var body = new JsonObject { ["type"] = "zen:event-type:ticket.created", ["id"] = "01HZX-5", ["time"] = "2026-11-02T09:00:00Z" }.ToJsonString();

        using var response = await anonymous.SendAsync(WebhookSigner.Zendesk(body, api.Clock.GetUtcNow()), TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["detail"]![0]!.GetValue<string>().ShouldBe("the Zendesk event has no 'detail' object with the ticket");
        (await api.Services.GetRequiredService<IStimulusInbox>().ListUndeliveredAsync(DateTimeOffset.MinValue, TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Zendesk_BodyIsNotJson_Is400NamingTheBody()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.SendAsync(WebhookSigner.Zendesk("{\"type\": ", api.Clock.GetUtcNow()), TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["body"]![0]!.GetValue<string>().ShouldStartWith("the body is not a JSON object");
    }

    [Fact]
    public async Task Zendesk_UntrackedEventType_IsAcceptedAsIgnoredAndNotStored()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var body = TicketPayloads.ZendeskChange("01HZX-6", "35440", "ticket.subject_changed", "Old", "New", api.Clock.GetUtcNow());

        using var response = await anonymous.SendAsync(WebhookSigner.Zendesk(body, api.Clock.GetUtcNow()), TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var accepted = await response.ReadJsonAsync();
        accepted["status"]!.GetValue<string>().ShouldBe("ignored");
        accepted["events"]!.AsArray().ShouldBeEmpty();
        (await api.Services.GetRequiredService<IStimulusInbox>().ListUndeliveredAsync(DateTimeOffset.MinValue, TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("ticket.status_changed", "open", "solved", "ticket.solved")]
    [InlineData("ticket.status_changed", "solved", "open", "ticket.reopened")]
    [InlineData("ticket.status_changed", "open", "pending", "ticket.status_changed")]
    [InlineData("ticket.priority_changed", "normal", "urgent", "ticket.priority_changed")]
    [InlineData("ticket.comment_added", null, null, "ticket.comment_added")]
    [InlineData("ticket.agent_assignment_changed", "1", "2", "ticket.assigned")]
    public async Task Zendesk_Changes_MapToNormalisedTypes(string zendeskType, string? previous, string? current, string expected)
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.SendAsync(WebhookSigner.Zendesk(TicketPayloads.ZendeskChange("01HZX-7", "35441", zendeskType, previous, current, api.Clock.GetUtcNow()), api.Clock.GetUtcNow()), TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await response.ReadJsonAsync())["events"]![0]!["type"]!.GetValue<string>().ShouldBe(expected);
    }

    [Theory]
    [InlineData(true, true, true, "agent")]
    [InlineData(false, true, false, "agent")]
    [InlineData(true, false, true, "requester")]
    public async Task Zendesk_Comment_CarriesVisibilityAndAuthorRole(bool isPublic, bool byStaff, bool expectedPublic, string expectedRole)
    {
        await using var api = Api();

        var stored = await StoredEventAsync(api, WebhookSigner.Zendesk(TicketPayloads.ZendeskComment("01HZX-C1", "35450", api.Clock.GetUtcNow(), isPublic, byStaff), api.Clock.GetUtcNow()));

        stored["type"]!.GetValue<string>().ShouldBe("ticket.comment_added");
        stored["public"]!.GetValue<bool>().ShouldBe(expectedPublic);
        stored["authorRole"]!.GetValue<string>().ShouldBe(expectedRole);
        stored["author"]!.GetValue<string>().ShouldBe(byStaff ? "7001" : "9001");
    }

    [Theory]
    [InlineData("agent-7", true, false, true, "agent")]
    [InlineData("agent-7", false, false, false, "agent")]
    [InlineData("agent-7", null, true, false, "agent")]
    [InlineData("customer-1", null, false, true, "requester")]
    public async Task Jira_Comment_VisibilityFromJsdPublicOrRestrictionAndReporterIsTheRequester(string author, bool? jsdPublic, bool restricted, bool expectedPublic, string expectedRole)
    {
        await using var api = Api();

        var stored = await StoredEventAsync(api, WebhookSigner.Jira(TicketPayloads.JiraComment("SUP-50", api.Clock.GetUtcNow(), author, jsdPublic, restricted), $"jira-comment-{author}-{jsdPublic}-{restricted}"));

        stored["type"]!.GetValue<string>().ShouldBe("ticket.comment_added");
        stored["public"]!.GetValue<bool>().ShouldBe(expectedPublic);
        stored["authorRole"]!.GetValue<string>().ShouldBe(expectedRole);
    }

    [Theory]
    [InlineData("We restarted the service", null, "agent-sys-id", true, "agent")]
    [InlineData(null, "Checked the logs", "agent-sys-id", false, "agent")]
    [InlineData("Still broken", null, "caller-sys-id", true, "requester")]
    public async Task ServiceNow_Comment_CommentsArePublicWorkNotesInternalAndTheCallerIsTheRequester(string? comments, string? workNotes, string author, bool expectedPublic, string expectedRole)
    {
        await using var api = Api();

        var stored = await StoredEventAsync(api, WebhookSigner.ServiceNow(TicketPayloads.ServiceNowComment("INC0010009", "7", api.Clock.GetUtcNow(), comments, workNotes, author), api.Clock.GetUtcNow()));

        stored["public"]!.GetValue<bool>().ShouldBe(expectedPublic);
        stored["authorRole"]!.GetValue<string>().ShouldBe(expectedRole);
        stored["comment"]!.GetValue<string>().ShouldBe(comments ?? workNotes);
    }

    [Fact]
    public async Task Generic_CommentObject_CarriesVisibilityAndAuthorRole()
    {
        await using var api = Api();
        var body = new JsonObject
        {
            ["id"] = "g-c1",
            ["type"] = "ticket.comment_added",
            ["occurredAt"] = api.Clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["ticket"] = new JsonObject { ["id"] = "77", ["comment"] = new JsonObject { ["body"] = "On it", ["public"] = true, ["author"] = "sam", ["authorRole"] = "agent" } },
        }.ToJsonString();

        var stored = await StoredEventAsync(api, WebhookSigner.Generic(body, api.Clock.GetUtcNow()));

        stored["comment"]!.GetValue<string>().ShouldBe("On it");
        stored["public"]!.GetValue<bool>().ShouldBeTrue();
        stored["authorRole"]!.GetValue<string>().ShouldBe("agent");
    }

    [Fact]
    public async Task Generic_UnknownAuthorRole_Is400NamingTheField()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var body = new JsonObject
        {
            ["id"] = "g-c2",
            ["type"] = "ticket.comment_added",
            ["occurredAt"] = api.Clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["ticket"] = new JsonObject { ["id"] = "78", ["comment"] = new JsonObject { ["body"] = "On it", ["authorRole"] = "bot" } },
        }.ToJsonString();

        using var response = await anonymous.SendAsync(WebhookSigner.Generic(body, api.Clock.GetUtcNow()), TestContext.Current.CancellationToken);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["ticket.comment.authorRole"].ShouldNotBeNull();
    }

    private static async Task<JsonObject> StoredEventAsync(ApiFactory api, HttpRequestMessage request)
    {
        using var anonymous = api.Client(apiKey: null);
        using (request)
        {
            using var response = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);
            await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
            var id = (await response.ReadJsonAsync())["events"]![0]!["stimulusId"]!.GetValue<string>();
            var stored = await api.Services.GetRequiredService<IStimulusInbox>().FindAsync(id, TestContext.Current.CancellationToken);
            return stored.ShouldNotBeNull().Payload!.AsObject();
        }
    }

    [Fact]
    public async Task Jira_UpdateChangingPriorityAndStatus_BecomesTwoEvents()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var body = TicketPayloads.JiraUpdated("SUP-42", api.Clock.GetUtcNow(), ("priority", "Medium", "Highest"), ("status", "In Progress", "Waiting for customer"));

        using var response = await anonymous.SendAsync(WebhookSigner.Jira(body, "a9c2-delivery-1"), TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var events = (await response.ReadJsonAsync())["events"]!.AsArray();
        events.Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["ticket.priority_changed", "ticket.status_changed"]);
        events.ShouldAllBe(e => e!["ticketId"]!.GetValue<string>() == "jira:SUP-42");
        var stored = await api.Services.GetRequiredService<IStimulusInbox>().FindAsync(events[0]!["stimulusId"]!.GetValue<string>(), TestContext.Current.CancellationToken);
        stored.ShouldNotBeNull().Payload!["priority"]!.GetValue<string>().ShouldBe("P1");
        stored.Payload!["previousPriority"]!.GetValue<string>().ShouldBe("P3");
        stored.Payload!["category"]!.GetValue<string>().ShouldBe("search");
    }

    [Fact]
    public async Task Jira_WithoutTheDeliveryHeader_Is400NamingIt()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        using var request = WebhookSigner.Jira(TicketPayloads.JiraUpdated("SUP-43", api.Clock.GetUtcNow(), ("status", "Open", "Done")), "x");
        request.Headers.Remove("X-Atlassian-Webhook-Identifier");

        using var response = await anonymous.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["X-Atlassian-Webhook-Identifier"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Jira_OldBodyTimestamp_Is401AsAReplay()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var body = TicketPayloads.JiraUpdated("SUP-44", api.Clock.GetUtcNow().AddMinutes(-10), ("status", "Open", "Done"));

        using var response = await anonymous.SendAsync(WebhookSigner.Jira(body, "a9c2-delivery-2"), TestContext.Current.CancellationToken);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().ShouldContain("replay window");
    }

    [Fact]
    public async Task ServiceNow_ResolvedAndRaisedToCritical_BecomesSolvedAndPriorityEvents()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var body = TicketPayloads.ServiceNowUpdated("INC0010001", "4", priority: "1", state: "6", previousPriority: "3", previousState: "2", api.Clock.GetUtcNow());

        using var response = await anonymous.SendAsync(WebhookSigner.ServiceNow(body, api.Clock.GetUtcNow()), TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var events = (await response.ReadJsonAsync())["events"]!.AsArray();
        events.Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["ticket.priority_changed", "ticket.solved"]);
        events.ShouldAllBe(e => e!["ticketId"]!.GetValue<string>() == "servicenow:INC0010001");
    }

    [Fact]
    public async Task ServiceNow_SignedWithAnotherSecret_Is401()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);
        var body = TicketPayloads.ServiceNowUpdated("INC0010002", "1", "2", "2", "3", "1", api.Clock.GetUtcNow());

        using var response = await anonymous.SendAsync(WebhookSigner.ServiceNow(body, api.Clock.GetUtcNow(), secret: "wrong"), TestContext.Current.CancellationToken);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().ShouldBe("header X-ServiceNow-Signature does not match the body");
    }

    [Fact]
    public async Task Generic_CreatedThenSolved_StartsTheRunThenResumesItOnItsTicket()
    {
        await using var api = Api();
        using var client = api.Client();
        await client.SaveAsync(TicketFlow(), publish: true);
        using var anonymous = api.Client(apiKey: null);
        using (var created = await anonymous.SendAsync(WebhookSigner.Generic(TicketPayloads.Generic("evt-1", "ticket.created", "T-7", api.Clock.GetUtcNow()), api.Clock.GetUtcNow()), TestContext.Current.CancellationToken))
        {
            await created.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        await IdleAsync(api);
        using (var other = await anonymous.SendAsync(WebhookSigner.Generic(TicketPayloads.Generic("evt-2", "ticket.solved", "T-8", api.Clock.GetUtcNow(), status: "solved"), api.Clock.GetUtcNow()), TestContext.Current.CancellationToken))
        {
            await other.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        }

        await IdleAsync(api);
        (await client.InstancesOfAsync("ticket-flow")).ShouldHaveSingleItem()!["subStatus"]!.GetValue<string>().ShouldBe("Suspended");

        using var solved = await anonymous.SendAsync(WebhookSigner.Generic(TicketPayloads.Generic("evt-3", "ticket.solved", "T-7", api.Clock.GetUtcNow(), status: "solved"), api.Clock.GetUtcNow()), TestContext.Current.CancellationToken);

        await solved.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        await IdleAsync(api);
        (await client.InstancesOfAsync("ticket-flow")).ShouldHaveSingleItem()!["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        api.Lines.ShouldBe(["ticket freshdesk:T-7 P2 technical", "solved"]);
    }

    [Fact]
    public async Task Generic_UnknownType_Is400ListingTheTypes()
    {
        await using var api = Api();
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.SendAsync(WebhookSigner.Generic(TicketPayloads.Generic("evt-4", "ticket.exploded", "T-9", api.Clock.GetUtcNow()), api.Clock.GetUtcNow()), TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["type"]![0]!.GetValue<string>().ShouldStartWith("'type' must be one of ticket.created, ticket.priority_changed");
    }

    [Fact]
    public async Task Generic_NoSecretConfigured_Is401SayingWhichSettingEnablesIt()
    {
        await using var api = Api(generic: false);
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.SendAsync(WebhookSigner.Generic(TicketPayloads.Generic("evt-5", "ticket.created", "T-10", api.Clock.GetUtcNow()), api.Clock.GetUtcNow()), TestContext.Current.CancellationToken);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().ShouldBe("generic webhooks are not enabled: set Orchestrator:Webhooks:Generic:Secret");
    }
}
