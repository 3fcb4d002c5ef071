using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Http;

/// <summary><c>/workflows/{**path}</c> with <c>Elsa.HttpEndpoint</c> and <c>Elsa.WriteHttpResponse</c>, over real HTTP.</summary>
public sealed class HttpEndpointTests
{
    private static JsonObject CreateOrder() => Flows.Chain(
        "create-order",
        "Create order",
        [
            HttpFlows.Endpoint("endpoint", "orders/{id}", ["POST"], canStartWorkflow: true),
            HttpFlows.Respond("respond", 201, Flows.Js("({ id: getRouteDataFromEndpoint().id, item: getParsedContentFromEndpoint().item, method: getResultFromEndpoint().method })")),
        ]);

    [Fact]
    public async Task PostWorkflowsPath_PublishedEndpointTrigger_AnswersWithTheWrittenResponse()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(CreateOrder(), publish: true);
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.PostJsonAsync("/workflows/orders/42", new { item = "book" });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = await response.ReadJsonAsync();
        body["id"]!.GetValue<string>().ShouldBe("42");
        body["item"]!.GetValue<string>().ShouldBe("book");
        body["method"]!.GetValue<string>().ShouldBe("POST");
        var instances = await client.InstancesOfAsync("create-order");
        instances.ShouldHaveSingleItem()!["subStatus"]!.GetValue<string>().ShouldBe("Finished");
    }

    [Fact]
    public async Task PostWorkflowsPath_UnknownPath_Returns404Problem()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(CreateOrder(), publish: true);

        using var response = await client.PostJsonAsync("/workflows/invoices/42", new { item = "book" });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem["detail"]!.GetValue<string>().ShouldContain("/workflows/invoices/42");
    }

    [Fact]
    public async Task GetWorkflowsPath_PostOnlyEndpoint_Returns405WithAllowHeader()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(CreateOrder(), publish: true);

        using var response = await client.GetPathAsync("/workflows/orders/42");

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(["POST"]);
        (await client.InstancesOfAsync("create-order")).ShouldBeEmpty();
    }

    [Fact]
    public async Task PostWorkflowsPath_InstanceWaitingOnEndpoint_ResumesItAndAnswers202()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(
            Flows.Chain(
                "approval",
                "Approval",
                [
                    Flows.WriteLine("start", "waiting for approval"),
                    HttpFlows.Endpoint("approve", "approvals/{ticket}", ["POST", "PUT"], canStartWorkflow: false),
                    Flows.WriteLine("done", "approved"),
                ]),
            publish: true);
        var id = (await client.StartRunAsync("approval"))["id"]!.GetValue<string>();

        using var response = await client.PutAsync(new Uri("/workflows/approvals/T-7?by=amy", UriKind.Relative), new StringContent("ok"), TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        (await response.ReadJsonAsync())["workflowInstanceIds"]!.AsArray().Select(i => i!.GetValue<string>()).ShouldBe([id]);
        (await client.GetJsonAsync($"/api/workflow-instances/{id}"))["subStatus"]!.GetValue<string>().ShouldBe("Finished");
        api.Lines.ShouldBe(["waiting for approval", "approved"]);
    }

    [Fact]
    public async Task ListActivityDescriptors_HostRunning_IncludesEveryHttpActivity()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        var descriptors = (await client.GetJsonAsync("/api/activity-descriptors")).AsArray();

        var http = descriptors.Where(d => d!["category"]!.GetValue<string>() == "HTTP").Select(d => d!["typeName"]!.GetValue<string>());
        http.ShouldBe(["Elsa.FlowSendHttpRequest", "Elsa.HttpEndpoint", "Elsa.SendHttpRequest", "Elsa.WriteHttpResponse"], ignoreOrder: true);
        descriptors.Single(d => d!["typeName"]!.GetValue<string>() == "Elsa.HttpEndpoint")!["isTrigger"]!.GetValue<bool>().ShouldBeTrue();
    }
}
