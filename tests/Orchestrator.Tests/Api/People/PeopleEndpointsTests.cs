using System.Net;
using System.Net.Http.Json;
using Orchestrator.Auth;

namespace Orchestrator.Tests.Api.People;

public sealed class PeopleEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutGetListDelete_Person_RoundTripsAsCamelCaseDocument()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var created = await client.PutAsJsonAsync("/api/people/ann", new { name = "Ann", email = "ann@example.com", phone = "+6591234567", tier = "l2", roles = new[] { "csm" }, channels = new[] { "email" }, urgentChannels = new[] { "sms", "email" }, locale = "de-DE" }, Ct);
        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        using var replaced = await client.PutAsJsonAsync("/api/people/ann", new { name = "Ann Lee", email = "ann@example.com", revision = 1 }, Ct);
        await replaced.ShouldHaveStatusAsync(HttpStatusCode.OK);

        var ann = await client.GetJsonAsync("/api/people/ann");
        ann["name"]!.GetValue<string>().ShouldBe("Ann Lee");
        ann["revision"]!.GetValue<int>().ShouldBe(2);
        ann["locale"]!.GetValue<string>().ShouldBe("en");
        (await client.GetJsonAsync("/api/people")).AsArray().Select(p => p!["id"]!.GetValue<string>()).ShouldBe(["ann"]);

        using var deleted = await client.DeletePathAsync("/api/people/ann");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var gone = await client.GetPathAsync("/api/people/ann");
        await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_StaleRevision_Returns409()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        (await client.PutAsJsonAsync("/api/people/ann", new { name = "Ann" }, Ct)).Dispose();

        using var response = await client.PutAsJsonAsync("/api/people/ann", new { name = "Ann 2", revision = 0 }, Ct);

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("revision 1");
    }

    [Fact]
    public async Task Put_BadFields_ValidationProblemNamesEachField()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PutAsJsonAsync("/api/people/ann", new { email = "not-an-address", phone = "91234567", channels = new[] { "pager" } }, Ct);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        errors.Select(e => e.Key).Order(StringComparer.Ordinal).ShouldBe(["channels", "email", "name", "phone"]);
        errors["phone"]![0]!.GetValue<string>().ShouldContain("E.164");
    }

    [Theory]
    [InlineData(Roles.ProcessOwner, HttpStatusCode.Created)]
    [InlineData(Roles.Csm, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Viewer, HttpStatusCode.Forbidden)]
    public async Task Put_Roles_OnlyAdminsAndProcessOwnersWrite(string role, HttpStatusCode expected)
    {
        await using var api = new ApiFactory();
        using var client = await api.ClientWithRolesAsync(role);

        using var response = await client.PutAsJsonAsync("/api/people/ann", new { name = "Ann" }, Ct);

        response.StatusCode.ShouldBe(expected);
        using var read = await client.GetPathAsync("/api/people");
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
