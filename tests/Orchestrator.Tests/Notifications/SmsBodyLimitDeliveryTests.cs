using System.Web;
using Orchestrator.Notifications;
using Orchestrator.Tests.Api;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Orchestrator.Tests.Notifications;

/// <summary>A text longer than Twilio's 1600 characters, from the workflow through the outbox to a fake Twilio.</summary>
public sealed class SmsBodyLimitDeliveryTests : IDisposable
{
    private const string MessagesPath = "/2010-04-01/Accounts/" + NotificationFlows.TwilioSid + "/Messages.json";

    private readonly WireMockServer _twilio = WireMockServer.Start();

    [Fact]
    public async Task Dispatch_SendSmsLongerThan1600Characters_PostsItShortenedAndTheRunSaysSo()
    {
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid": "SM1600", "status": "queued"}"""));
        await using var api = NotificationFlows.Host(MailDev.FreePort(), _twilio.Url);
        using var client = api.Client();
        var body = "Major outage: " + string.Concat(Enumerable.Range(1, 400).Select(i => $"#{i} "));
        var send = Flows.Activity("send", "Orchestrator.SendSms", ("to", Flows.Literal("+6591234567")), ("body", Flows.Literal(body)));
        await client.SaveAsync(NotificationFlows.SendThenReport("long-sms-flow", send.BindError()), publish: true);
        var instanceId = (await client.StartRunAsync("long-sms-flow"))["id"]!.GetValue<string>();

        (await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken)).Values.ShouldBe([DispatchOutcome.Sent]);

        var form = _twilio.LogEntries.ShouldHaveSingleItem().RequestMessage!.Body!;
        form.ShouldStartWith("To=%2B6591234567&From=%2B15005550006&Body=Major+outage%3A+%231+%232+");
        var sent = HttpUtility.ParseQueryString(form)["Body"]!;
        sent.Length.ShouldBe(1600);
        sent.ShouldBe(body[..1599] + "\u2026");
        var row = (await api.OutboxAsync()).ShouldHaveSingleItem();
        row.Payload.ShouldContain($"\"originalLength\":{body.Length}");
        var journal = (await client.GetJsonAsync($"/api/workflow-instances/{instanceId}/journal")).AsArray();
        journal.Select(e => e!["message"]?.GetValue<string>()).ShouldContain($"input 'body': {body.Length} characters, more than Twilio's 1600; sent shortened to 1600 characters ending in '\u2026'");
    }

    public void Dispose() => _twilio.Dispose();
}
