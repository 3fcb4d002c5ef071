using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Tests.Api.Accounts;

/// <summary>Accounts over HTTP on a real SQLite database: CRUD, validation naming the field, roles, and account roles in target resolution.</summary>
public sealed class AccountEndpointsTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly ApiFactory _api = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync()
    {
        _admin = _api.Client();
        var documents = _api.Services.GetRequiredService<IDocumentStore>();
        foreach (var person in new[]
        {
            new Person { Id = "alice", Name = "Alice", Roles = ["csm"] },
            new Person { Id = "bob", Name = "Bob", Roles = ["csm"] },
            new Person { Id = "dana", Name = "Dana", Email = "dana@mercy.example", Roles = ["customer-admin"] },
        })
        {
            await documents.PutAsync(PersonDocuments.Kind, person.Id, PersonDocuments.ToBody(person), cancellationToken: TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _api.DisposeAsync();
    }

    private static object Mercy(string csm = "alice", string segment = "Enterprise") => new
    {
        customer = "Mercy Health Partners",
        segment,
        region = "Europe",
        locale = "en-IE",
        contractStart = "2026-01-15",
        healthScore = 81,
        roles = new Dictionary<string, string> { ["csm"] = csm, ["customer-admin"] = "dana" },
        contacts = new object[]
        {
            new { personId = "dana", topics = new[] { "onboarding", "qbr" } },
            new { name = "Sam Sponsor", title = "CIO", email = "sam@mercy.example", phone = "+353861234567", channels = new[] { "sms", "email" } },
        },
    };

    [Fact]
    public async Task Create_ValidAccount_Returns201WithIdFromTheCustomerName()
    {
        using var response = await _admin.PostJsonAsync("/api/accounts", Mercy());

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        response.Headers.Location!.ToString().ShouldBe("/api/accounts/mercy-health-partners");
        var account = await _admin.GetJsonAsync("/api/accounts/mercy-health-partners");
        account["segment"]!.GetValue<string>().ShouldBe("Enterprise");
        account["roles"]!["csm"]!.GetValue<string>().ShouldBe("alice");
        account["contractStart"]!.GetValue<string>().ShouldBe("2026-01-15");
        account["healthScore"]!.GetValue<int>().ShouldBe(81);
        account["contacts"]![1]!["channels"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["sms", "email"]);
        account["revision"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Create_Twice_Returns409()
    {
        using var first = await _admin.PostJsonAsync("/api/accounts", Mercy());
        await first.ShouldHaveStatusAsync(HttpStatusCode.Created);

        using var second = await _admin.PostJsonAsync("/api/accounts", Mercy());

        (await second.ShouldBeProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("already exists");
    }

    [Fact]
    public async Task Put_ReplaceWithRevision_Returns200AndStaleRevisionReturns409()
    {
        using var created = await _admin.PutAsJsonAsync("/api/accounts/mercy", Mercy(), TestContext.Current.CancellationToken);
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);

        using var replaced = await _admin.PutAsJsonAsync("/api/accounts/mercy", WithRevision(Mercy(csm: "bob"), 1), TestContext.Current.CancellationToken);
        using var stale = await _admin.PutAsJsonAsync("/api/accounts/mercy", WithRevision(Mercy(csm: "alice"), 1), TestContext.Current.CancellationToken);

        await replaced.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("revision 2");
        (await _admin.GetJsonAsync("/api/accounts/mercy"))["roles"]!["csm"]!.GetValue<string>().ShouldBe("bob");
    }

    [Fact]
    public async Task Put_InvalidFields_Returns400NamingEachField()
    {
        var body = new
        {
            customer = " ",
            segment = "Huge",
            locale = "xx-NOPE",
            healthScore = 140,
            calendarId = "mars",
            roles = new Dictionary<string, string?> { ["csm"] = "nobody", ["Trainer!"] = "alice" },
            contacts = new object[] { new { name = "No Address" }, new { personId = "ghost" }, new { name = "Bad", email = "not-an-email", channels = new[] { "fax" } } },
        };

        using var response = await _admin.PutAsJsonAsync("/api/accounts/mercy", body, TestContext.Current.CancellationToken);

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(
            ["customer", "segment", "locale", "calendarId", "healthScore", "roles.csm", "roles.trainer!", "contacts[0].email", "contacts[1].personId", "contacts[2].email", "contacts[2].channels"],
            ignoreOrder: true);
        errors["roles.csm"]![0]!.GetValue<string>().ShouldBe("no person 'nobody'");
        errors["segment"]![0]!.GetValue<string>().ShouldContain("Enterprise, Regional, Mid-market, Small");
        (await _admin.GetPathAsync("/api/accounts/mercy")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_FilterBySegmentAndCsm_ReturnsMatchingAccounts()
    {
        (await _admin.PutAsJsonAsync("/api/accounts/mercy", Mercy(), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        (await _admin.PutAsJsonAsync("/api/accounts/st-anne", Mercy(csm: "bob", segment: "mid-market"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        Ids(await _admin.GetJsonAsync("/api/accounts")).ShouldBe(["mercy", "st-anne"]);
        Ids(await _admin.GetJsonAsync("/api/accounts?segment=Mid-market")).ShouldBe(["st-anne"]);
        Ids(await _admin.GetJsonAsync("/api/accounts?csm=alice")).ShouldBe(["mercy"]);
        using var bad = await _admin.GetPathAsync("/api/accounts?segment=Huge");
        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["segment"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Delete_Account_Returns204ThenNotFound()
    {
        (await _admin.PutAsJsonAsync("/api/accounts/mercy", Mercy(), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        using var deleted = await _admin.DeletePathAsync("/api/accounts/mercy");
        using var again = await _admin.DeletePathAsync("/api/accounts/mercy");

        await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        (await again.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldBe("no account 'mercy'");
    }

    [Theory]
    [InlineData(Roles.Csm, HttpStatusCode.Created)]
    [InlineData(Roles.ProcessOwner, HttpStatusCode.Created)]
    [InlineData(Roles.Viewer, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Integration, HttpStatusCode.Forbidden)]
    [InlineData(Roles.IncidentCommander, HttpStatusCode.Forbidden)]
    public async Task Put_ByRole_CsmAdminAndProcessOwnerWriteOthersRead(string role, HttpStatusCode expected)
    {
        using var client = await _api.ClientWithRolesAsync(role);

        using var response = await client.PutAsJsonAsync("/api/accounts/mercy", Mercy(), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.Forbidden)
        {
            (await _admin.PutAsJsonAsync("/api/accounts/mercy", Mercy(), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        (await client.GetJsonAsync("/api/accounts/mercy"))["customer"]!.GetValue<string>().ShouldBe("Mercy Health Partners");
    }

    [Theory]
    [InlineData(Roles.ProcessOwner)]
    [InlineData(Roles.Viewer)]
    public async Task StartPlaybook_RoleOtherThanCsmOrAdmin_Returns403(string role)
    {
        (await _admin.PutAsJsonAsync("/api/accounts/mercy", Mercy(), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        using var client = await _api.ClientWithRolesAsync(role);

        using var response = await client.PostJsonAsync("/api/accounts/mercy/playbooks/onboarding-90-day", new { });

        (await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden))["detail"]!.GetValue<string>().ShouldContain("csm");
    }

    [Fact]
    public async Task StartPlaybook_UnknownAccountOrPlaybook_Returns404()
    {
        (await _admin.PutAsJsonAsync("/api/accounts/mercy", Mercy(), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        using var noAccount = await _admin.PostJsonAsync("/api/accounts/nope/playbooks/onboarding-90-day", new { });
        using var noPlaybook = await _admin.PostJsonAsync("/api/accounts/mercy/playbooks/not-a-playbook", new { });

        (await noAccount.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldBe("no account 'nope'");
        (await noPlaybook.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldBe("no published playbook 'not-a-playbook'");
    }

    [Fact]
    public async Task Resolve_RoleCsmWithAccountInContext_NamesThatAccountsCsm()
    {
        (await _admin.PutAsJsonAsync("/api/accounts/mercy", Mercy(csm: "bob"), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var resolver = _api.Services.GetRequiredService<IRecipientResolver>();
        var at = _api.Clock.GetUtcNow();

        var onAccount = await resolver.ResolveAsync(NotificationTarget.Parse("role:csm"), new RecipientContext(at, "mercy"), TestContext.Current.CancellationToken);
        var anywhere = await resolver.ResolveAsync(NotificationTarget.Parse("role:csm"), new RecipientContext(at), TestContext.Current.CancellationToken);

        onAccount.Select(p => p.Id).ShouldBe(["bob"]);
        anywhere.Select(p => p.Id).ShouldBe(["alice", "bob"]);
    }

    private static JsonObject WithRevision(object body, int revision)
    {
        var json = JsonSerializer.SerializeToNode(body, Web)!.AsObject();
        json["revision"] = revision;
        return json;
    }

    private static string[] Ids(JsonNode list) => [.. list.AsArray().Select(a => a!["id"]!.GetValue<string>())];
}
