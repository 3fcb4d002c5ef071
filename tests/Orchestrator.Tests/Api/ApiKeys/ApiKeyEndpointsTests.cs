using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Auth;

namespace Orchestrator.Tests.Api.ApiKeys;

/// <summary>Creating, listing and deleting API keys; keys are shown once and stored only as SHA-256 hashes.</summary>
public sealed class ApiKeyEndpointsTests
{
    [Fact]
    public async Task Create_NameAndRoles_Returns201WithTheKeyOnceAndStoresOnlyItsHash()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();

        using var response = await admin.PostJsonAsync("/api/api-keys", new { name = "zendesk webhook", roles = new[] { Roles.Integration, Roles.Viewer } });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var created = await response.ReadJsonAsync();
        var id = created["id"]!.GetValue<string>();
        var key = created["key"]!.GetValue<string>();
        response.Headers.Location!.OriginalString.ShouldBe($"/api/api-keys/{id}");
        created["name"]!.GetValue<string>().ShouldBe("zendesk webhook");
        created["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe([Roles.Integration, Roles.Viewer]);
        key.Length.ShouldBeGreaterThan(40);
        var stored = (await api.Services.GetRequiredService<IApiKeyStore>().ListAsync(TestContext.Current.CancellationToken)).ShouldHaveSingleItem();
        stored.Hash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
        stored.ToString().ShouldNotContain(key);
        using var integration = api.Client(key);
        (await integration.SendEventAsync("ping"))["status"]!.GetValue<string>().ShouldBe("pending");
    }

    [Fact]
    public async Task List_AfterCreate_ShowsNamesAndRolesButNoSecrets()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();
        using var created = await admin.PostJsonAsync("/api/api-keys", new { name = "csm team", roles = new[] { Roles.Csm } });
        var key = (await created.ReadJsonAsync())["key"]!.GetValue<string>();

        using var response = await admin.GetPathAsync("/api/api-keys");

        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        body.ShouldNotContain(key);
        body.ShouldNotContain("hash", Case.Insensitive);
        var listed = (await response.ReadJsonAsync()).AsArray().ShouldHaveSingleItem()!.AsObject();
        listed.Select(p => p.Key).ShouldBe(["id", "name", "roles", "createdAt"]);
        listed["name"]!.GetValue<string>().ShouldBe("csm team");
    }

    [Fact]
    public async Task Delete_Key_StopsItWorking()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();
        using var created = await admin.PostJsonAsync("/api/api-keys", new { name = "temp", roles = new[] { Roles.Viewer } });
        var json = await created.ReadJsonAsync();
        using var viewer = api.Client(json["key"]!.GetValue<string>());
        (await viewer.GetPathAsync("/api/workflow-definitions")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var response = await admin.DeletePathAsync($"/api/api-keys/{json["id"]!.GetValue<string>()}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await viewer.GetPathAsync("/api/workflow-definitions")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await admin.DeletePathAsync($"/api/api-keys/{json["id"]!.GetValue<string>()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_UnknownRoles_Returns400NamingThem()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();

        using var response = await admin.PostJsonAsync("/api/api-keys", new { name = "x", roles = new[] { Roles.Viewer, "superuser", "root" } });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var message = problem["errors"]!["roles"]![0]!.GetValue<string>();
        message.ShouldContain("'superuser'");
        message.ShouldContain("'root'");
        message.ShouldNotContain("'viewer'");
        (await admin.GetJsonAsync("/api/api-keys")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_NoNameOrRoles_Returns400()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();

        using var response = await admin.PostJsonAsync("/api/api-keys", new { name = " ", roles = Array.Empty<string>() });

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject();
        errors.Select(e => e.Key).Order(StringComparer.Ordinal).ShouldBe(["name", "roles"]);
    }
}
