using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Auth;

namespace Orchestrator.Tests.Api;

/// <summary>API keys in <c>X-Api-Key</c>: no key 401, wrong role 403 (both problem details), roles per endpoint group.</summary>
public sealed class AuthorizationTests
{
    [Theory]
    [InlineData("GET", "/api/workflow-definitions")]
    [InlineData("GET", "/api/workflow-instances")]
    [InlineData("GET", "/api/activity-descriptors")]
    [InlineData("POST", "/api/events/ping")]
    [InlineData("GET", "/api/api-keys")]
    public async Task AnyApiEndpoint_NoKey_Returns401Problem(string method, string path)
    {
        await using var api = new ApiFactory();
        using var client = api.Client(apiKey: null);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        problem["detail"]!.GetValue<string>().ShouldContain("X-Api-Key");
        response.Headers.WwwAuthenticate.ToString().ShouldContain("ApiKey");
    }

    [Fact]
    public async Task AnyApiEndpoint_UnknownKey_Returns401Problem()
    {
        await using var api = new ApiFactory();
        using var client = api.Client("orch_not-a-real-key");

        using var response = await client.GetPathAsync("/api/workflow-definitions");

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().ShouldContain("not valid");
    }

    [Fact]
    public async Task SaveDefinition_ViewerKey_Returns403ProblemNamingTheRolesNeeded()
    {
        await using var api = new ApiFactory();
        using var viewer = await api.ClientWithRolesAsync(Roles.Viewer);

        using var response = await viewer.PostRawAsync("/api/workflow-definitions", Flows.Chain("x", "X", [Flows.WriteLine("a", "a")]).ToJsonString());

        var detail = (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>();
        detail.ShouldContain("admin, process-owner");
        detail.ShouldContain("viewer");
    }

    [Theory]
    [InlineData(Roles.Viewer, "/api/workflow-definitions")]
    [InlineData(Roles.Integration, "/api/workflow-instances")]
    [InlineData(Roles.Csm, "/api/activity-descriptors")]
    [InlineData(Roles.IncidentCommander, "/api/workflow-definitions/nope/versions")]
    public async Task GetEndpoints_AnyRole_MayRead(string role, string path)
    {
        await using var api = new ApiFactory();
        using var client = await api.ClientWithRolesAsync(role);

        using var response = await client.GetPathAsync(path);

        response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(Roles.ProcessOwner, "definitions", true)]
    [InlineData(Roles.Csm, "definitions", false)]
    [InlineData(Roles.Integration, "definitions", false)]
    [InlineData(Roles.Csm, "runs", true)]
    [InlineData(Roles.IncidentCommander, "runs", true)]
    [InlineData(Roles.ProcessOwner, "runs", false)]
    [InlineData(Roles.Viewer, "runs", false)]
    [InlineData(Roles.Integration, "events", true)]
    [InlineData(Roles.Csm, "events", false)]
    [InlineData(Roles.Csm, "tasks", true)]
    [InlineData(Roles.IncidentCommander, "tasks", true)]
    [InlineData(Roles.Integration, "tasks", false)]
    [InlineData(Roles.ProcessOwner, "api-keys", false)]
    [InlineData(Roles.Admin, "definitions", true)]
    [InlineData(Roles.Admin, "runs", true)]
    [InlineData(Roles.Admin, "events", true)]
    [InlineData(Roles.Admin, "tasks", true)]
    [InlineData(Roles.Admin, "api-keys", true)]
    public async Task WriteEndpoints_ByRole_AllowOnlyTheirRoleGroup(string role, string operation, bool allowed)
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();
        await admin.SaveAsync(Flows.Chain("hello", "Hello", [Flows.WriteLine("a", "hello")]), publish: true);
        using var client = await api.ClientWithRolesAsync(role);

        using var response = operation switch
        {
            "definitions" => await client.PostJsonAsync("/api/workflow-definitions/hello/publish", null),
            "runs" => await client.PostJsonAsync("/api/workflow-definitions/hello/runs", null),
            "events" => await client.PostJsonAsync("/api/events/ping", null),
            "tasks" => await client.PostJsonAsync("/api/tasks/t-1/complete", null),
            _ => await client.PostJsonAsync("/api/api-keys", new { name = "x", roles = new[] { Roles.Viewer } }),
        };

        if (allowed)
        {
            ((int)response.StatusCode).ShouldBeInRange(200, 299, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        else
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar")]
    public async Task PublicEndpoints_NoKey_AreServed(string path)
    {
        await using var api = new ApiFactory();
        using var client = api.Client(apiKey: null);

        using var response = await client.GetPathAsync(path);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task MapEndpoints_EveryRoute_DeclaresAPolicyOrIsAnonymous()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        endpoints.Count.ShouldBeGreaterThan(20);
        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null))
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        undeclared.ShouldBeEmpty();
        var anonymous = endpoints.Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => e.RoutePattern.RawText!).ToList();
        // /workflows/{**path} is the webhook surface of Elsa.HttpEndpoint: anonymous by design. /webhooks/* authenticate each
        // delivery by its signature instead of a key; the acknowledge endpoint checks a signed link itself, or the
        // caller's key and role when there is no link. Signing in and out precede a session; the designer's page
        // fallback serves only index.html.
        anonymous.ShouldAllBe(p => p == "/health" || p == "/workflows/{**path}" || p.StartsWith("/webhooks/", StringComparison.Ordinal) || p == "/api/escalations/{key}/acknowledge"
            || p.StartsWith("/openapi/", StringComparison.Ordinal) || p.StartsWith("/scalar", StringComparison.Ordinal)
            || p == "/api/auth/login" || p == "/api/auth/logout" || p == Orchestrator.Designer.DesignerApp.PagePattern);
    }

    [Fact]
    public async Task Start_BootstrapKeyTooShort_FailsLoudly()
    {
        // The real executable: the process must end by itself, unsuccessfully, and say why.
        var directory = Directory.CreateTempSubdirectory("orchestrator-short-key-").FullName;
        try
        {
            using var server = Durability.ServerProcess.Start(
                $"Data Source={Path.Combine(directory, "orchestrator.db")}", Path.Combine(directory, "workflows"), directory, bootstrapApiKey: "short");

            var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            exitCode.ShouldNotBeNull("the server kept running with a bootstrap key that is too short");
            exitCode.Value.ShouldNotBe(0);
            string.Join('\n', server.Output).ShouldContain("Orchestrator:Auth:BootstrapApiKey must be at least 16 characters");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task AnyApiEndpoint_BootstrapKeyNotConfigured_RejectsTheOldKey()
    {
        await using var api = new ApiFactory(b => b.UseSetting("Orchestrator:Auth:BootstrapApiKey", string.Empty));
        using var client = api.Client();

        using var response = await client.GetPathAsync("/api/workflow-definitions");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }
}
