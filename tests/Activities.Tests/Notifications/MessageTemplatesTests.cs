using System.Text.Json.Nodes;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Tests.Notifications;

public sealed class MessageTemplatesTests
{
    private static readonly JsonObject Recipient = new() { ["id"] = "lee", ["name"] = "Lee", ["locale"] = "en" };

    [Fact]
    public async Task RenderAsync_NumberSetInCode_RendersIt()
    {
        var templates = new MessageTemplates(new InMemoryDocumentStore(TimeProvider.System), TimeProvider.System);
        var model = new JsonObject
        {
            ["ticket"] = new JsonObject { ["id"] = "zendesk:1", ["priority"] = "P1" },
            ["level"] = 2,
            ["round"] = 1,
            ["escalationKey"] = "zendesk:1",
        };

        var message = await templates.RenderAsync("escalation-page", NotificationChannels.Sms, "en", model, Recipient, TestContext.Current.CancellationToken);

        message.Body.ShouldBe("PAGE P1 ticket #zendesk:1, level 2. Ack: zendesk:1");
    }

    [Fact]
    public async Task RenderAsync_FollowTheSunHandoff_NamesBothRegions()
    {
        var templates = new MessageTemplates(new InMemoryDocumentStore(TimeProvider.System), TimeProvider.System);
        var model = new JsonObject { ["ticketId"] = "zendesk:2", ["fromRegion"] = "APAC", ["region"] = "MEA", ["opensAt"] = "2026-11-02T10:00:00Z" };

        var message = await templates.RenderAsync("follow-the-sun-handoff", NotificationChannels.Email, "en", model, Recipient, TestContext.Current.CancellationToken);

        message.Subject.ShouldBe("Follow-the-sun handoff to MEA: ticket #zendesk:2");
        message.Body.ShouldContain("APAC is closing its shift and hands ticket #zendesk:2 to MEA");
    }

    [Fact]
    public async Task RenderAsync_TaskAssigned_IsShippedForEmailAndSms()
    {
        var templates = new MessageTemplates(new InMemoryDocumentStore(TimeProvider.System), TimeProvider.System);
        var model = new JsonObject { ["event"] = "assigned", ["task"] = new JsonObject { ["title"] = "Kickoff and success plan", ["due"] = "2026-11-09", ["account"] = "acme-health" } };

        var email = await templates.RenderAsync("task-assigned", NotificationChannels.Email, "en", model, Recipient, TestContext.Current.CancellationToken);
        var sms = await templates.RenderAsync("task-assigned", NotificationChannels.Sms, "de", model, Recipient, TestContext.Current.CancellationToken);

        email.Subject.ShouldBe("New task: Kickoff and success plan (due 2026-11-09)");
        email.Body.ShouldContain("You have a new task for acme-health: \"Kickoff and success plan\", due 2026-11-09.");
        sms.Body.ShouldBe("New task: \"Kickoff and success plan\", due 2026-11-09.");
    }
}
