using System.Net;
using System.Web;
using Orchestrator.Activities.Notifications;
using Orchestrator.Notifications;
using Orchestrator.Tests.Api;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Orchestrator.Tests.Notifications;

/// <summary>Text messages through the outbox to a fake Twilio, and Twilio's signed status callbacks.</summary>
public sealed class SmsDeliveryTests : IDisposable
{
    private const string MessagesPath = "/2010-04-01/Accounts/" + NotificationFlows.TwilioSid + "/Messages.json";

    private readonly WireMockServer _twilio = WireMockServer.Start();

    private static System.Text.Json.Nodes.JsonObject Send(string to) => Flows.Activity(
        "send",
        "Orchestrator.SendSms",
        ("to", Flows.Literal(to)),
        ("body", Flows.Literal("P1 ticket #42 needs you")),
        ("waitForDelivery", Flows.Literal(true, "Boolean"))).BindError();

    private async Task<(ApiFactory Api, HttpClient Client)> StartAsync(string to)
    {
        var api = NotificationFlows.Host(MailDev.FreePort(), _twilio.Url);
        var client = api.Client();
        await client.SaveAsync(NotificationFlows.SendThenReport("sms-flow", Send(to)), publish: true);
        await client.StartRunAsync("sms-flow");
        return (api, client);
    }

    /// <summary>What the fake Twilio was told to call back, exactly.</summary>
    private Uri CallbackSent() =>
        new(HttpUtility.ParseQueryString(_twilio.LogEntries[^1].RequestMessage!.Body!)["StatusCallback"]!);

    private static HttpRequestMessage Callback(Uri url, IReadOnlyDictionary<string, string> form, string? signature) =>
        new(HttpMethod.Post, url.PathAndQuery)
        {
            Content = new FormUrlEncodedContent(form),
            Headers = { { TwilioSignature.Header, signature ?? string.Empty } },
        };

    [Fact]
    public async Task StatusCallback_SignedUndelivered_ResumesTheActivityOnNotDelivered()
    {
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid": "SM42", "status": "queued"}"""));
        var (api, client) = await StartAsync("+6591234567");
        await using var _ = api;
        using var __ = client;

        (await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken)).Values.ShouldBe([DispatchOutcome.Sent]);
        var row = (await api.OutboxAsync()).Single();
        row.ProviderId.ShouldBe("SM42");
        api.Lines.ShouldBeEmpty();

        var url = CallbackSent();
        url.AbsoluteUri.ShouldBe($"{NotificationFlows.CallbackUrl}?ref={row.IdempotencyKey}");
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM42", ["MessageStatus"] = "undelivered", ["ErrorCode"] = "30003", ["AccountSid"] = NotificationFlows.TwilioSid };
        using var response = await client.SendAsync(Callback(url, form, TwilioSignature.Compute(NotificationFlows.TwilioToken, url.AbsoluteUri, form)), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.OutboxAsync()).Single().DeliveryStatus.ShouldBe("undelivered");
        api.Lines.ShouldBe(["not delivered: Twilio reported the text undelivered (error 30003)"]);
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData(null)]
    public async Task StatusCallback_WrongOrMissingSignature_Is401AndStoresNothing(string? signature)
    {
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid": "SM43", "status": "queued"}"""));
        var (api, client) = await StartAsync("+6591234567");
        await using var _ = api;
        using var __ = client;
        await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken);
        var url = CallbackSent();
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM43", ["MessageStatus"] = "undelivered" };
        var forged = signature ?? TwilioSignature.Compute("not-the-token", url.AbsoluteUri, form);

        using var response = await api.Client(apiKey: null).SendAsync(Callback(url, form, signature is null ? null : forged), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await api.OutboxAsync()).Single().DeliveryStatus.ShouldBe("queued");
        api.Lines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dispatch_TwilioRejectsTheNumber_DeadLettersAtOnceWithCodeAndMessage_NoRetry()
    {
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(400)
            .WithBody("""{"code": 21211, "message": "The 'To' number +6500000 is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}"""));
        var (api, client) = await StartAsync("+6500000");
        await using var _ = api;
        using var __ = client;

        (await api.Dispatcher().DispatchDueAsync(TestContext.Current.CancellationToken)).Values.ShouldBe([DispatchOutcome.DeadLettered]);

        _twilio.LogEntries.Count.ShouldBe(1);
        var row = (await api.OutboxAsync()).Single();
        row.Status.ShouldBe(OutboxStatus.Failed);
        row.LastError.ShouldNotBeNull().ShouldStartWith("Twilio error 21211: The 'To' number +6500000 is not a valid phone number.");
        api.Lines.ShouldHaveSingleItem().ShouldStartWith("not delivered: Twilio error 21211");
    }

    public void Dispose() => _twilio.Dispose();
}
