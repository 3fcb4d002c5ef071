using System.Text.Json.Nodes;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Tests.Notifications;

public sealed class NotifyTests
{
    private static readonly JsonObject Ticket = new()
    {
        ["ticket"] = new JsonObject { ["id"] = "4711", ["subject"] = "Cannot log in", ["priority"] = "P2", ["status"] = "open" },
        ["escalation"] = new JsonObject { ["reason"] = "no response within 4 hours" },
    };

    private static readonly Person Ann = new() { Id = "ann", Name = "Ann", Email = "ann@example.com", Phone = "+6591110001", Tier = "L2", Roles = ["support-agent"], Channels = ["email"], UrgentChannels = ["sms", "email"] };
    private static readonly Person Bea = new() { Id = "bea", Name = "Bea", Email = "bea@example.com", Tier = "L2", Roles = ["csm"], Locale = "de-AT" };
    private static readonly Person Carl = new() { Id = "carl", Name = "Carl", Phone = "+6591110003", Tier = "L1", Roles = ["csm"], Channels = ["sms"], Locale = "fr" };

    private static async Task<RunResult> NotifyAsync(NotificationHarness harness, string targets, string template = "internal-escalation", bool urgent = false, bool wait = false)
    {
        return await harness.RunAsync(
            "Orchestrator.Notify",
            ("targets", NotificationHarness.Json(new JsonArray([.. targets.Split(',').Select(t => (JsonNode)t)]))),
            ("template", NotificationHarness.Literal(template)),
            ("model", NotificationHarness.Json(Ticket.DeepClone())),
            ("urgent", NotificationHarness.Literal(urgent, "Boolean")),
            ("waitForDelivery", NotificationHarness.Literal(wait, "Boolean")));
    }

    private static IEnumerable<(string Channel, string PersonId)> Queued(RunResult result) =>
        result.Changes.Outbox.Select(m => (m.Channel, m.Payload["personId"]!.GetValue<string>()));

    [Fact]
    public async Task Notify_Tier_QueuesOneMessagePerPersonOnTheirPreferredChannel()
    {
        await using var harness = new NotificationHarness();
        await harness.AddPeopleAsync(Ann, Bea, Carl);

        var result = await NotifyAsync(harness, "tier:L2");

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        Queued(result).ShouldBe([("email", "ann"), ("email", "bea")]);
        var email = OutboxPayloads.ReadEmail(result.Changes.Outbox[0].Payload.ToJsonString());
        email.To.ShouldBe(["ann@example.com"]);
        email.Subject.ShouldBe("Escalation - Issue - Ticket #4711");
        email.Body.ShouldContain("- Priority: P2");
        email.Body.ShouldContain("- no response within 4 hours");
        result.Changes.Outbox[0].IdempotencyKey.ShouldBe(email.MessageId);
    }

    [Fact]
    public async Task Notify_Role_ReachesEveryoneWithTheRole_OnSmsWhenThatIsTheirChoice()
    {
        await using var harness = new NotificationHarness();
        await harness.AddPeopleAsync(Ann, Bea, Carl);

        var result = await NotifyAsync(harness, "role:csm");

        Queued(result).ShouldBe([("email", "bea"), ("sms", "carl")]);
        var sms = OutboxPayloads.ReadSms(result.Changes.Outbox[1].Payload.ToJsonString());
        sms.To.ShouldBe("+6591110003");
        sms.Body.ShouldBe("ESCALATION P2 ticket #4711: no response within 4 hours. Please acknowledge.");
    }

    [Fact]
    public async Task Notify_Urgent_UsesUrgentChannels_OrEveryChannelWithAnAddress()
    {
        await using var harness = new NotificationHarness();
        await harness.AddPeopleAsync(Ann, Bea, Carl);

        var result = await NotifyAsync(harness, "person:ann,person:bea,person:carl,person:ann", urgent: true);

        // Ann asked for sms then email; Bea has no phone; Carl only a phone. Ann named twice is notified once.
        Queued(result).ShouldBe([("sms", "ann"), ("email", "ann"), ("email", "bea"), ("sms", "carl")]);
    }

    [Fact]
    public async Task Notify_LocaleTemplates_ExactThenLanguageThenEnglish()
    {
        await using var harness = new NotificationHarness();
        await harness.AddPeopleAsync(Ann, Bea, Carl);
        await harness.AddTemplateAsync(new MessageTemplate("status-update", "email", "de", "Statusmeldung {{ ticket.id }}", "Hallo {{ recipient.name }}, Status: {{ ticket.status }}"));
        await harness.AddTemplateAsync(new MessageTemplate("status-update", "sms", "fr-CA", null, "Bonjour du Canada"));

        var result = await NotifyAsync(harness, "person:bea,person:carl,person:ann", template: "status-update");

        var bea = result.Changes.Outbox.Single(m => m.Payload["personId"]!.GetValue<string>() == "bea");
        bea.Payload["subject"]!.GetValue<string>().ShouldBe("Statusmeldung 4711");
        bea.Payload["body"]!.GetValue<string>().ShouldBe("Hallo Bea, Status: open");
        bea.Payload["locale"]!.GetValue<string>().ShouldBe("de");

        // fr has no template (only fr-CA): shipped English.
        var carl = result.Changes.Outbox.Single(m => m.Payload["personId"]!.GetValue<string>() == "carl");
        carl.Payload["locale"]!.GetValue<string>().ShouldBe("en");
        carl.Payload["body"]!.GetValue<string>().ShouldStartWith("[P2] Cannot log in: open.");
    }

    [Fact]
    public async Task Notify_UnknownTemplate_IncidentNamesTheTemplate()
    {
        await using var harness = new NotificationHarness();
        await harness.AddPeopleAsync(Ann);

        var result = await NotifyAsync(harness, "person:ann", template: "no-such-template");

        var incident = result.Instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("send");
        incident.Message.ShouldContain("input 'template'");
        incident.Message.ShouldContain("no template 'no-such-template' for channel 'email'");
        result.Changes.Outbox.ShouldBeEmpty();
    }

    [Fact]
    public async Task Notify_MalformedTarget_IncidentNamesTheField()
    {
        await using var harness = new NotificationHarness();

        var result = await NotifyAsync(harness, "team:l2");

        result.Instance.Incidents.ShouldHaveSingleItem().Message.ShouldContain("input 'targets': target 'team:l2' has an unknown kind 'team'");
    }

    [Fact]
    public async Task Notify_WaitForDelivery_ContinuesOnDoneAtFirstDelivery_OrNotDeliveredWhenAllFail()
    {
        await using var harness = new NotificationHarness();
        await harness.AddPeopleAsync(Ann, Bea);
        var ct = TestContext.Current.CancellationToken;

        var delivered = await NotifyAsync(harness, "tier:L2", wait: true);
        delivered.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        var ids = delivered.Changes.Outbox.Select(m => m.IdempotencyKey).ToList();
        await harness.Runtime.DeliverAsync(DeliveryStimulus.Name, ids[0], null, DeliveryStimulus.Input(ids[0], DeliveryStimulus.NotDelivered, "bounced"), ct);
        (await harness.Runtime.Instances.FindAsync(delivered.Instance.Id, ct))!.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        var done = (await harness.Runtime.DeliverAsync(DeliveryStimulus.Name, ids[1], null, DeliveryStimulus.Input(ids[1], DeliveryStimulus.Delivered), ct)).ShouldHaveSingleItem();
        done.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        done.Changes.Journal.ShouldContain(j => j.ActivityId == "send" && j.Event == JournalEvent.Completed && j.Outcomes == "Done");

        var failed = await NotifyAsync(harness, "person:ann", wait: true);
        var id = failed.Changes.Outbox.ShouldHaveSingleItem().IdempotencyKey;
        var notDelivered = (await harness.Runtime.DeliverAsync(DeliveryStimulus.Name, id, null, DeliveryStimulus.Input(id, DeliveryStimulus.NotDelivered, "Twilio error 21211"), ct)).ShouldHaveSingleItem();
        notDelivered.Changes.Journal.ShouldContain(j => j.ActivityId == "send" && j.Event == JournalEvent.Completed && j.Outcomes == "NotDelivered");
    }

    [Fact]
    public void ChooseChannels_NoPreferences_EmailOnly_AndNeverAChannelWithoutAddress()
    {
        var plain = new Person { Id = "p", Name = "P", Email = "p@example.com", Phone = "+6591110009" };
        Notifier.ChooseChannels(plain, urgent: false, restrict: null).ShouldBe(["email"]);
        Notifier.ChooseChannels(plain, urgent: true, restrict: null).ShouldBe(["email", "sms"]);
        Notifier.ChooseChannels(plain, urgent: true, restrict: ["sms"]).ShouldBe(["sms"]);
        Notifier.ChooseChannels(plain with { Phone = null }, urgent: true, restrict: ["sms"]).ShouldBeEmpty();
    }
}
