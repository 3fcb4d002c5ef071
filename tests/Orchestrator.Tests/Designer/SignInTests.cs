using System.Net;
using System.Net.Http.Json;
using Orchestrator.Auth;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Designer;

/// <summary>Local users and the session cookie: same roles and policies as API keys, writes need the request header.</summary>
public sealed class SignInTests
{
    public const string AdminUser = "root";
    public const string AdminPassword = "bootstrap-admin-password";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static ApiFactory Factory() => new(b =>
    {
        b.UseSetting("Orchestrator:Auth:BootstrapAdmin:User", AdminUser);
        b.UseSetting("Orchestrator:Auth:BootstrapAdmin:Password", AdminPassword);
    });

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string user, string password) =>
        await client.PostAsJsonAsync("/api/auth/login", new { user, password }, Ct);

    private static HttpRequestMessage Write(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(CookieAuth.CsrfHeader, "1");
        return request;
    }

    [Fact]
    public async Task Login_BootstrapAdmin_SetsStrictHttpOnlyCookieAndMeShowsAdmin()
    {
        await using var api = Factory();
        using var client = api.Client(apiKey: null);

        using var login = await LoginAsync(client, "ROOT", AdminPassword);

        await login.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CookieAuth.CookieName, StringComparison.Ordinal));
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldContain("httponly", Case.Insensitive);
        var me = await client.GetJsonAsync("/api/auth/me");
        me["name"]!.GetValue<string>().ShouldBe(AdminUser);
        me["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe([Roles.Admin]);
        me["via"]!.GetValue<string>().ShouldBe("cookie");
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401Problem()
    {
        await using var api = Factory();
        using var client = api.Client(apiKey: null);

        using var login = await LoginAsync(client, AdminUser, "not-the-password");

        (await login.ShouldBeProblemAsync(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().ShouldContain("password is wrong");
        using var me = await client.GetPathAsync("/api/auth/me");
        await me.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CookieWrite_WithoutRequestHeader_IsRefused()
    {
        await using var api = Factory();
        using var client = api.Client(apiKey: null);
        (await LoginAsync(client, AdminUser, AdminPassword)).EnsureSuccessStatusCode();

        using var bare = await client.PostRawAsync("/api/workflow-definitions", Flows.Chain("c", "C", [Flows.WriteLine("a", "x")]).ToJsonString());
        (await bare.ShouldBeProblemAsync(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>().ShouldContain(CookieAuth.CsrfHeader);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/workflow-definitions?publish=true") { Content = new StringContent(Flows.Chain("c", "C", [Flows.WriteLine("a", "x")]).ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add(CookieAuth.CsrfHeader, "1");
        using var saved = await client.SendAsync(request, Ct);
        await saved.ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Users_CreatedByAdmin_SignInWithTheirRolesOnly()
    {
        await using var api = Factory();
        using var admin = api.Client(apiKey: null);
        (await LoginAsync(admin, AdminUser, AdminPassword)).EnsureSuccessStatusCode();
        using var created = await admin.SendAsync(Write(HttpMethod.Post, "/api/users", new { name = "Vera", password = "viewer-password-1", roles = new[] { Roles.Viewer } }), Ct);
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        (await created.ReadJsonAsync()).AsObject().ContainsKey("passwordHash").ShouldBeFalse();

        using var viewer = api.Client(apiKey: null);
        (await LoginAsync(viewer, "vera", "viewer-password-1")).EnsureSuccessStatusCode();
        (await viewer.GetJsonAsync("/api/workflow-definitions")).AsArray().ShouldNotBeNull();
        using var publish = await viewer.SendAsync(Write(HttpMethod.Post, "/api/workflow-definitions?publish=true", Flows.Chain("v", "V", [Flows.WriteLine("a", "x")])), Ct);
        await publish.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        using var users = await viewer.GetPathAsync("/api/users");
        await users.ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        using var promoted = await admin.SendAsync(Write(HttpMethod.Put, "/api/users/vera", new { roles = new[] { Roles.ProcessOwner } }), Ct);
        await promoted.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await viewer.GetJsonAsync("/api/auth/me"))["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe([Roles.ProcessOwner]);

        using var deleted = await admin.SendAsync(Write(HttpMethod.Delete, "/api/users/vera"), Ct);
        await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        using var after = await viewer.GetPathAsync("/api/auth/me");
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Users_StoredPassword_IsHashedInTheDocument()
    {
        await using var api = Factory();
        using var admin = api.Client();
        using var created = await admin.PostJsonAsync("/api/users", new { name = "hash-check", password = "plain-text-secret", roles = new[] { Roles.Csm } });
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);

        var store = (Activities.Storage.IDocumentStore)api.Services.GetService(typeof(Activities.Storage.IDocumentStore))!;
        var document = await store.GetAsync(UserAccount.DocumentKind, "hash-check", Ct);
        document.ShouldNotBeNull();
        var hash = document.Body["passwordHash"]!.GetValue<string>();
        hash.ShouldNotContain("plain-text-secret");
        hash.Length.ShouldBeGreaterThan(40);
    }

    [Theory]
    [InlineData("", "long-enough-password", "admin", "name")]
    [InlineData("x", "short", "admin", "password")]
    [InlineData("x", "long-enough-password", "wizard", "roles")]
    public async Task Users_InvalidRequest_NamesTheField(string name, string password, string role, string field)
    {
        await using var api = Factory();
        using var admin = api.Client();

        using var response = await admin.PostJsonAsync("/api/users", new { name, password, roles = new[] { role } });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().ContainsKey(field).ShouldBeTrue();
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        await using var api = Factory();
        using var client = api.Client(apiKey: null);
        (await LoginAsync(client, AdminUser, AdminPassword)).EnsureSuccessStatusCode();

        using var logout = await client.SendAsync(Write(HttpMethod.Post, "/api/auth/logout"), Ct);

        await logout.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        using var me = await client.GetPathAsync("/api/auth/me");
        await me.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Me_WithApiKey_StillWorksBesideCookies()
    {
        await using var api = Factory();
        using var client = api.Client();

        var me = await client.GetJsonAsync("/api/auth/me");

        me["via"]!.GetValue<string>().ShouldBe("api-key");
        me["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldContain(Roles.Admin);
    }

    [Fact]
    public async Task Start_BootstrapAdminPasswordTooShort_FailsLoudly()
    {
        await using var api = new ApiFactory(b =>
        {
            b.UseSetting("Orchestrator:Auth:BootstrapAdmin:User", "root");
            b.UseSetting("Orchestrator:Auth:BootstrapAdmin:Password", "short");
        });

        var error = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => api.CreateClient());

        error.Message.ShouldContain("BootstrapAdmin:Password");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/definitions/some-flow")]
    [InlineData("/instances")]
    public async Task Pages_AnyDesignerRoute_ServeIndexButApiPathsDoNot(string path)
    {
        await using var api = Factory();
        using var client = api.Client(apiKey: null);

        using var page = await client.GetPathAsync(path);
        using var unknownApi = await client.GetPathAsync("/api/no-such-thing");

        await page.ShouldHaveStatusAsync(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync(Ct)).ShouldContain("<div id=\"root\">");
        unknownApi.Content.Headers.ContentType?.MediaType.ShouldNotBe("text/html");
        ((int)unknownApi.StatusCode).ShouldBeInRange(400, 499);
    }
}
