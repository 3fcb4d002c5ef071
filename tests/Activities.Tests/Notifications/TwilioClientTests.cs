using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Notifications;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Orchestrator.Activities.Tests.Notifications;

/// <summary>The hand-written Twilio client against a fake of Twilio's REST API on loopback.</summary>
public sealed class TwilioClientTests : IDisposable
{
    private const string Sid = "AC0123456789abcdef0123456789abcdef";
    private const string Token = "twilio-auth-token";
    private const string MessagesPath = "/2010-04-01/Accounts/" + Sid + "/Messages.json";
    private const string Created = """{"sid": "SM1111", "status": "queued", "error_code": null, "error_message": null, "date_created": "Mon, 02 Nov 2026 09:00:00 +0000", "num_segments": "1"}""";

    private readonly WireMockServer _twilio = WireMockServer.Start();

    private TwilioClient Client(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Orchestrator:Twilio:AccountSid"] = Sid,
            ["Orchestrator:Twilio:AuthToken"] = Token,
            ["Orchestrator:Twilio:From"] = "+15005550006",
            ["Orchestrator:Twilio:BaseUrl"] = _twilio.Url,
            ["Orchestrator:Twilio:RetryDelay"] = "00:00:00",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddNotifications(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider().GetRequiredService<TwilioClient>();
    }

    [Fact]
    public async Task Send_PostsTwiliosWireFormat()
    {
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(Created));

        var sent = await Client().SendAsync(new SmsPayload("m1", "+6591234567", "P1 ticket #42: café & more?"), new Uri("https://orch.example.com/webhooks/twilio/status?ref=m1"), TestContext.Current.CancellationToken);

        sent.ShouldBe(new TwilioMessage("SM1111", "queued"));
        var request = _twilio.LogEntries.ShouldHaveSingleItem().RequestMessage!;
        request.Method.ShouldBe("POST");
        request.AbsolutePath.ShouldBe(MessagesPath);
        request.Headers!["Authorization"].ShouldBe(["Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sid}:{Token}"))]);
        request.Headers["Content-Type"].ShouldHaveSingleItem().ShouldStartWith("application/x-www-form-urlencoded");
        request.Body.ShouldBe("To=%2B6591234567&From=%2B15005550006&Body=P1+ticket+%2342%3A+caf%C3%A9+%26+more%3F&StatusCallback=https%3A%2F%2Forch.example.com%2Fwebhooks%2Ftwilio%2Fstatus%3Fref%3Dm1");
    }

    [Fact]
    public async Task Send_WithMessagingService_SendsItsSidInsteadOfFrom()
    {
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody(Created.Replace("queued", "accepted", StringComparison.Ordinal)));
        var client = Client(("Orchestrator:Twilio:From", string.Empty), ("Orchestrator:Twilio:MessagingServiceSid", "MG123"));

        var sent = await client.SendAsync(new SmsPayload("m1", "+6591234567", "hi"), null, TestContext.Current.CancellationToken);

        sent.Status.ShouldBe("accepted");
        _twilio.LogEntries.ShouldHaveSingleItem().RequestMessage!.Body.ShouldBe("To=%2B6591234567&MessagingServiceSid=MG123&Body=hi");
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Send_ThrottledOrServerError_IsRetriedThenSucceeds(int status)
    {
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).InScenario("flaky").WillSetStateTo("failed once")
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Retry-After", "0").WithBody("""{"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": 429}"""));
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).InScenario("flaky").WhenStateIs("failed once")
            .RespondWith(Response.Create().WithStatusCode(201).WithBody(Created));

        var sent = await Client().SendAsync(new SmsPayload("m1", "+6591234567", "hi"), null, TestContext.Current.CancellationToken);

        sent.Sid.ShouldBe("SM1111");
        _twilio.LogEntries.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Send_ServerErrorEveryTime_GivesUpAfterRetriesAsATransientFailure()
    {
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(503).WithBody("down"));

        var failure = await Should.ThrowAsync<DeliveryException>(() => Client(("Orchestrator:Twilio:MaxRetries", "2")).SendAsync(new SmsPayload("m1", "+6591234567", "hi"), null, TestContext.Current.CancellationToken));

        failure.Permanent.ShouldBeFalse();
        failure.Message.ShouldContain("HTTP 503");
        _twilio.LogEntries.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Send_InvalidTo_IsAPermanentFailureNamingCodeAndMessage_NotRetried()
    {
        _twilio.Given(Request.Create().WithPath(MessagesPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
            .WithBody("""{"code": 21211, "message": "The 'To' number +65000 is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}"""));

        var failure = await Should.ThrowAsync<DeliveryException>(() => Client().SendAsync(new SmsPayload("m1", "+65000", "hi"), null, TestContext.Current.CancellationToken));

        failure.Permanent.ShouldBeTrue();
        failure.Message.ShouldBe("Twilio error 21211: The 'To' number +65000 is not a valid phone number. (HTTP 400, https://www.twilio.com/docs/errors/21211)");
        _twilio.LogEntries.ShouldHaveSingleItem();
    }

    [Fact]
    public void Signature_MatchesTwiliosDocumentedExample()
    {
        // Twilio's documentation example for request validation.
        var parameters = new Dictionary<string, string>
        {
            ["CallSid"] = "CA1234567890ABCDE",
            ["Caller"] = "+12349013030",
            ["Digits"] = "1234",
            ["From"] = "+12349013030",
            ["To"] = "+18005551212",
        };

        var signature = TwilioSignature.Compute("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters);

        signature.ShouldBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters, signature).ShouldBeTrue();
        TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters, "0/KCTR6DLpKmkAf8muzZqo1nDgQ").ShouldBeFalse();
        TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters, null).ShouldBeFalse();
    }

    public void Dispose() => _twilio.Dispose();
}
