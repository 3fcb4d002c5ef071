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
    public async Task RenderAsync_TaskTemplates_ReadTheTaskRecordsFields()
    {
        var templates = new MessageTemplates(new InMemoryDocumentStore(TimeProvider.System), TimeProvider.System);
        var task = new JsonObject { ["title"] = "Kickoff and success plan", ["dueAt"] = "2026-11-09T17:00:00Z", ["accountId"] = "acme-health", ["status"] = "overdue" };

        var assigned = await templates.RenderAsync("task-assigned", NotificationChannels.Email, "en", new JsonObject { ["event"] = "assigned", ["task"] = task.DeepClone() }, Recipient, TestContext.Current.CancellationToken);
        var reminder = await templates.RenderAsync("task-reminder", NotificationChannels.Sms, "de", new JsonObject { ["event"] = "due", ["task"] = task.DeepClone() }, Recipient, TestContext.Current.CancellationToken);

        assigned.Subject.ShouldBe("New task: Kickoff and success plan");
        assigned.Body.ShouldContain("The task \"Kickoff and success plan\" for account acme-health is yours, due 2026-11-09T17:00:00Z.");
        reminder.Body.ShouldBe("Reminder: \"Kickoff and success plan\" is due 2026-11-09T17:00:00Z (overdue).");
    }
}
