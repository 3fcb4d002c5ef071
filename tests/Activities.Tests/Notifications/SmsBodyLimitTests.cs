using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Engine.Execution;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Orchestrator.Activities.Tests.Notifications;

/// <summary>Twilio's 1600-character <c>Body</c> limit: a longer text is cut with an ellipsis, said in the journal and the payload, and never posted whole.</summary>
public sealed class SmsBodyLimitTests : IDisposable
{
    private const string Sid = "AC0123456789abcdef0123456789abcdef";
    private const string MessagesPath = "/2010-04-01/Accounts/" + Sid + "/Messages.json";
    private const string EncodedEllipsis = "%E2%80%A6";

    private readonly WireMockServer _twilio = WireMockServer.Start();

    private TwilioClient Client()
    {
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody("""{"sid": "SM2222", "status": "queued"}"""));
        var services = new ServiceCollection();
        services.AddNotifications(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:Twilio:AccountSid"] = Sid,
            ["Orchestrator:Twilio:AuthToken"] = "twilio-auth-token",
            ["Orchestrator:Twilio:From"] = "+15005550006",
            ["Orchestrator:Twilio:BaseUrl"] = _twilio.Url,
            ["Orchestrator:Twilio:RetryDelay"] = "00:00:00",
        }).Build());
        return services.BuildServiceProvider().GetRequiredService<TwilioClient>();
    }

    private string PostedForm() => _twilio.LogEntries.ShouldHaveSingleItem().RequestMessage!.Body!;

    [Fact]
    public async Task Send_BodyOf1601Characters_PostsThe1599FirstAndAnEllipsis()
    {
        var body = new string('a', 1601);

        await Client().SendAsync(new SmsPayload("m1", "+6591234567", body), null, TestContext.Current.CancellationToken);

        PostedForm().ShouldBe("To=%2B6591234567&From=%2B15005550006&Body=" + new string('a', 1599) + EncodedEllipsis);
    }

    [Fact]
    public async Task Send_BodyOfExactly1600Characters_PostsItUnchanged()
    {
        var body = new string('b', 1600);

        await Client().SendAsync(new SmsPayload("m1", "+6591234567", body), null, TestContext.Current.CancellationToken);

        PostedForm().ShouldBe("To=%2B6591234567&From=%2B15005550006&Body=" + body);
    }

    [Fact]
    public async Task Send_CutFallsInsideASurrogatePair_CutsBeforeThePairNotThroughIt()
    {
        // 1598 letters then an emoji (two UTF-16 units, 1599th and 1600th): keeping 1599 units would split it.
        var body = new string('c', 1598) + "\U0001F6A8" + new string('d', 50);

        await Client().SendAsync(new SmsPayload("m1", "+6591234567", body), null, TestContext.Current.CancellationToken);

        PostedForm().ShouldBe("To=%2B6591234567&From=%2B15005550006&Body=" + new string('c', 1598) + EncodedEllipsis);
    }

    [Fact]
    public async Task Send_SurrogatePairEndingBeforeTheCut_IsKeptWhole()
    {
        var body = new string('e', 1597) + "\U0001F6A8" + new string('f', 50);

        await Client().SendAsync(new SmsPayload("m1", "+6591234567", body), null, TestContext.Current.CancellationToken);

        PostedForm().ShouldBe("To=%2B6591234567&From=%2B15005550006&Body=" + new string('e', 1597) + "%F0%9F%9A%A8" + EncodedEllipsis);
    }

    [Fact]
    public async Task SendSms_BodyLongerThanTwiliosLimit_QueuesItShortenedAndJournalsIt_ThenPostsAtMost1600()
    {
        await using var harness = new NotificationHarness();
        var body = string.Concat(Enumerable.Repeat("P1 outage update. ", 120));

        var result = await harness.RunAsync("Orchestrator.SendSms", ("to", NotificationHarness.Literal("+6591234567")), ("body", NotificationHarness.Literal(body)));

        result.Instance.Incidents.ShouldBeEmpty();
        var sms = OutboxPayloads.ReadSms(result.Changes.Outbox.ShouldHaveSingleItem().Payload.ToJsonString());
        sms.Body.Length.ShouldBe(1600);
        sms.Body.ShouldBe(body[..1599] + "\u2026");
        sms.OriginalLength.ShouldBe(2160);
        result.Changes.Journal.ShouldContain(j => j.ActivityId == "send" && j.Event == JournalEvent.Note
            && j.Message == "input 'body': 2160 characters, more than Twilio's 1600; sent shortened to 1600 characters ending in '\u2026'");

        await Client().SendAsync(sms, null, TestContext.Current.CancellationToken);

        PostedForm().ShouldBe("To=%2B6591234567&From=%2B15005550006&Body=" + Uri.EscapeDataString(body[..1599]).Replace("%20", "+", StringComparison.Ordinal) + EncodedEllipsis);
    }

    [Fact]
    public async Task Notify_RenderedSmsLongerThanTwiliosLimit_QueuesItShortenedAndJournalsWhichTemplate()
    {
        await using var harness = new NotificationHarness();
        await harness.AddPeopleAsync(new Person { Id = "dee", Name = "Dee", Phone = "+6591110004", Tier = "L1", Roles = ["support-agent"], Channels = ["sms"] });
        await harness.AddTemplateAsync(new MessageTemplate("long-page", "sms", "en", null, "Ticket {{ ticket.id }}: " + new string('x', 1700)));

        var result = await harness.RunAsync(
            "Orchestrator.Notify",
            ("targets", NotificationHarness.Json(new JsonArray("person:dee"))),
            ("template", NotificationHarness.Literal("long-page")),
            ("model", NotificationHarness.Json(new JsonObject { ["ticket"] = new JsonObject { ["id"] = "4711" } })));

        result.Instance.Incidents.ShouldBeEmpty();
        var payload = result.Changes.Outbox.ShouldHaveSingleItem().Payload;
        var sms = OutboxPayloads.ReadSms(payload.ToJsonString());
        sms.Body.ShouldBe("Ticket 4711: " + new string('x', 1599 - 13) + "\u2026");
        payload["originalLength"]!.GetValue<int>().ShouldBe(1713);
        result.Changes.Journal.ShouldContain(j => j.Event == JournalEvent.Note
            && j.Message == "template 'long-page' (sms) for dee: 1713 characters, more than Twilio's 1600; sent shortened to 1600 characters ending in '\u2026'");
    }

    [Fact]
    public async Task Notify_RenderedSmsWithinTheLimit_CarriesNoOriginalLength()
    {
        await using var harness = new NotificationHarness();
        await harness.AddPeopleAsync(new Person { Id = "dee", Name = "Dee", Phone = "+6591110004", Tier = "L1", Roles = ["support-agent"], Channels = ["sms"] });
        await harness.AddTemplateAsync(new MessageTemplate("short-page", "sms", "en", null, "Ticket {{ ticket.id }}"));

        var result = await harness.RunAsync(
            "Orchestrator.Notify",
            ("targets", NotificationHarness.Json(new JsonArray("person:dee"))),
            ("template", NotificationHarness.Literal("short-page")),
            ("model", NotificationHarness.Json(new JsonObject { ["ticket"] = new JsonObject { ["id"] = "4711" } })));

        var sms = OutboxPayloads.ReadSms(result.Changes.Outbox.ShouldHaveSingleItem().Payload.ToJsonString());
        sms.Body.ShouldBe("Ticket 4711");
        sms.OriginalLength.ShouldBeNull();
        result.Changes.Journal.ShouldNotContain(j => j.Event == JournalEvent.Note && j.Message!.Contains("shortened", StringComparison.Ordinal));
    }

    public void Dispose() => _twilio.Dispose();
}
