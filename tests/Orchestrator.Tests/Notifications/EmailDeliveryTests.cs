using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.Notifications;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Notifications;

/// <summary>The outbox dispatcher sending email to a real SMTP server (maildev) after the burst commits.</summary>
public sealed class EmailDeliveryTests
{
    private static async Task AddPersonAsync(HttpClient client, string id, object person)
    {
        using var response = await client.PutAsJsonAsync($"/api/people/{id}", person, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static JsonObject NotifyAnn(bool wait = false) => Flows.Activity(
        "send",
        "Orchestrator.Notify",
        ("targets", Flows.Js("['person:ann']")),
        ("template", Flows.Literal("initial-response")),
        ("model", Flows.Js("({ ticket: { id: '4711', subject: 'Cannot log in', priority: 'P2', status: 'open', resolutionTarget: '4 hours' }, customer: { name: 'Ann Lee' }, agent: { name: 'Sam' } })")),
        ("waitForDelivery", Flows.Literal(wait, "Boolean"))).BindError();

    [Fact]
    public async Task Notify_Email_ArrivesRenderedWithHeadersAndStableMessageId_AndResumesOnDone()
    {
        await using var maildev = await MailDev.StartAsync();
        await using var api = NotificationFlows.Host(maildev.SmtpPort);
        using var client = api.Client();
        await AddPersonAsync(client, "ann", new { name = "Ann Lee", email = "ann@customer.example", locale = "en-SG" });
        await client.SaveAsync(NotificationFlows.SendThenReport("email-flow", NotifyAnn(wait: true)), publish: true);
        await client.StartRunAsync("email-flow");
        api.Lines.ShouldBeEmpty();

        var outcomes = await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken);

        var row = (await api.OutboxAsync()).ShouldHaveSingleItem();
        outcomes.ShouldBe(new Dictionary<string, DispatchOutcome> { [row.Id] = DispatchOutcome.Sent });
        row.Status.ShouldBe(OutboxStatus.Sent);
        var email = (await maildev.WaitForEmailsAsync(1)).ShouldHaveSingleItem()!;
        email["subject"]!.GetValue<string>().ShouldBe("Re: Cannot log in - Ticket #4711");
        email["text"]!.GetValue<string>().ShouldContain("Hello Ann Lee,");
        email["text"]!.GetValue<string>().ShouldContain("within 4 hours");
        email["text"]!.GetValue<string>().ShouldContain("Ticket #4711 | Priority: P2 | Status: open");
        email["to"]!.AsArray().ShouldHaveSingleItem()!["address"]!.GetValue<string>().ShouldBe("ann@customer.example");
        email["from"]!.AsArray().ShouldHaveSingleItem()!["address"]!.GetValue<string>().ShouldBe("support@clinic.example");
        email["headers"]!["message-id"]!.GetValue<string>().ShouldBe($"<{row.Id}@orchestrator.local>");
        api.Lines.ShouldBe(["delivered"]);
        (await api.AttemptsAsync(row.Id)).ShouldHaveSingleItem().Outcome.ShouldBe("sent");
    }

    [Fact]
    public async Task Dispatch_SameRowAgain_DoesNotSendTwice()
    {
        await using var maildev = await MailDev.StartAsync();
        await using var api = NotificationFlows.Host(maildev.SmtpPort);
        using var client = api.Client();
        await AddPersonAsync(client, "ann", new { name = "Ann Lee", email = "ann@customer.example" });
        await client.SaveAsync(NotificationFlows.SendThenReport("email-once", NotifyAnn()), publish: true);
        await client.StartRunAsync("email-once");

        var first = api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken);
        var concurrent = api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken);
        var sent = (await first).Count + (await concurrent).Count;
        var again = await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken);
        api.Clock.Advance(TimeSpan.FromHours(2));
        var later = await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken);

        sent.ShouldBe(1);
        again.ShouldBeEmpty();
        later.ShouldBeEmpty();
        (await maildev.WaitForEmailsAsync(2)).Count.ShouldBe(1);
        (await api.AttemptsAsync((await api.OutboxAsync()).Single().Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Dispatch_SmtpDown_RetriesAfterBackoff_ThenDeliversWhenTheServerIsBack()
    {
        var port = MailDev.FreePort();
        await using var api = NotificationFlows.Host(port);
        using var client = api.Client();
        await AddPersonAsync(client, "ann", new { name = "Ann Lee", email = "ann@customer.example" });
        await client.SaveAsync(NotificationFlows.SendThenReport("email-retry", NotifyAnn(wait: true)), publish: true);
        await client.StartRunAsync("email-retry");

        (await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken)).Values.ShouldBe([DispatchOutcome.Retrying]);
        var row = (await api.OutboxAsync()).Single();
        row.Status.ShouldBe(OutboxStatus.Pending);
        row.LastError.ShouldNotBeNull().ShouldContain($"127.0.0.1:{port}");

        await using var maildev = await MailDev.StartAsync(port);
        (await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        (await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken)).Values.ShouldBe([DispatchOutcome.Sent]);

        (await maildev.WaitForEmailsAsync(1)).Count.ShouldBe(1);
        (await api.AttemptsAsync(row.Id)).Select(a => (a.Attempt, a.Outcome)).ShouldBe([(1, "retrying"), (2, "sent")]);
        api.Lines.ShouldBe(["delivered"]);
    }

    [Fact]
    public async Task Dispatch_SmtpDownEveryTime_DeadLettersAfterMaxAttempts_AndResumesOnNotDelivered()
    {
        await using var api = NotificationFlows.Host(MailDev.FreePort(), maxAttempts: 2);
        using var client = api.Client();
        var send = Flows.Activity("send", "Elsa.SendEmail", ("to", Flows.Literal("ops@clinic.example")), ("subject", Flows.Literal("Hi")), ("body", Flows.Literal("<p>Hi</p>")), ("waitForDelivery", Flows.Literal(true, "Boolean"))).BindError();
        await client.SaveAsync(NotificationFlows.SendThenReport("email-dead", send, notDeliveredPort: "error"), publish: true);
        await client.StartRunAsync("email-dead");

        (await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken)).Values.ShouldBe([DispatchOutcome.Retrying]);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        (await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken)).Values.ShouldBe([DispatchOutcome.DeadLettered]);
        api.Clock.Advance(TimeSpan.FromHours(1));
        (await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();

        (await api.OutboxAsync()).Single().Status.ShouldBe(OutboxStatus.Failed);
        api.Lines.ShouldHaveSingleItem().ShouldStartWith("not delivered: SMTP server 127.0.0.1:");
    }
}
