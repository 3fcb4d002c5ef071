using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Http;

/// <summary><c>Elsa.FlowSendHttpRequest</c> against a real Kestrel server on loopback: each outcome port, through the API.</summary>
public sealed class SendHttpRequestTests
{
    /// <summary>Sends one request, writes the port it left by (each expected code or Done, and the three fixed ports), and keeps the status code and body in variables.</summary>
    private static JsonObject Caller(string url, int[] expected, TimeSpan? timeout = null)
    {
        var send = HttpFlows.Send("send", url, expected, timeout);
        send["statusCode"] = new JsonObject { ["typeName"] = "Int32", ["memoryReference"] = new JsonObject { ["id"] = "Status" } };
        send["parsedContent"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "Body" } };
        string[] ports = [.. expected.Length == 0 ? ["Done"] : expected.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)), "Unmatched status code", "Failed to connect", "Timeout"];
        return Flows.Definition(
            "caller",
            "Caller",
            [send, .. ports.Select((p, i) => Flows.WriteLine($"port{i}", p))],
            ports.Select((p, i) => ("send", p, $"port{i}")),
            [Flows.Variable("Status", "Int32", "0"), Flows.Variable("Body", "Object")]);
    }

    [Fact]
    public async Task FlowSendHttpRequest_ExpectedStatus_LeavesByTheStatusPortWithTheParsedBody()
    {
        await using var server = await TestHttpServer.StartAsync();
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Caller(new Uri(server.BaseAddress, "/ok").ToString(), [200, 404]), publish: true);

        var instance = await client.StartRunAsync("caller");

        instance["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        api.Lines.ShouldBe(["200"]);
        instance["variables"]!["Status"]!.GetValue<int>().ShouldBe(200);
        instance["variables"]!["Body"]!["status"]!.GetValue<string>().ShouldBe("ok");
        instance["variables"]!["Body"]!["count"]!.GetValue<int>().ShouldBe(3);
    }

    [Fact]
    public async Task FlowSendHttpRequest_StatusNotExpected_LeavesByUnmatchedStatusCode()
    {
        await using var server = await TestHttpServer.StartAsync();
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Caller(new Uri(server.BaseAddress, "/missing").ToString(), [200]), publish: true);

        var instance = await client.StartRunAsync("caller");

        api.Lines.ShouldBe(["Unmatched status code"]);
        instance["variables"]!["Status"]!.GetValue<int>().ShouldBe(404);
    }

    [Fact]
    public async Task FlowSendHttpRequest_NoExpectedCodesAnd2xx_LeavesByDone()
    {
        await using var server = await TestHttpServer.StartAsync();
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Caller(new Uri(server.BaseAddress, "/ok").ToString(), []), publish: true);

        await client.StartRunAsync("caller");

        api.Lines.ShouldBe(["Done"]);
    }

    [Fact]
    public async Task FlowSendHttpRequest_ClosedPort_LeavesByFailedToConnect()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Caller($"http://127.0.0.1:{port}/nothing", [200]), publish: true);

        var instance = await client.StartRunAsync("caller");

        instance["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        api.Lines.ShouldBe(["Failed to connect"]);
    }

    [Fact]
    public async Task FlowSendHttpRequest_ServerSlowerThanTimeout_LeavesByTimeout()
    {
        await using var server = await TestHttpServer.StartAsync();
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Caller(new Uri(server.BaseAddress, "/hang").ToString(), [200], TimeSpan.FromSeconds(2)), publish: true);

        var run = client.StartRunAsync("caller");
        await server.HangReached.WaitAsync(TestContext.Current.CancellationToken);
        api.Clock.Advance(TimeSpan.FromSeconds(3));
        var instance = await run;

        instance["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        api.Lines.ShouldBe(["Timeout"]);
    }
}
