using System.Net;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Tests.Api.Accounts;

/// <summary>Segments over HTTP on a real SQLite database: derived from the bed count, checked against it, and the policy each segment carries.</summary>
public sealed class AccountSegmentEndpointsTests : IAsyncLifetime
{
    // Unescaped so the expected JSON reads as written ("500+", "<10").
    private static readonly JsonSerializerOptions Plain = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ApiFactory _api = new();
    private HttpClient _admin = null!;

    public ValueTask InitializeAsync()
    {
        _admin = _api.Client();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _api.DisposeAsync();
    }

    [Theory]
    [InlineData(9, "Small", "self-service")]
    [InlineData(10, "Mid-market", "virtual")]
    [InlineData(49, "Mid-market", "virtual")]
    [InlineData(50, "Regional", "shared")]
    [InlineData(499, "Regional", "shared")]
    [InlineData(500, "Enterprise", "dedicated")]
    public async Task Create_BedsWithoutSegment_SegmentDerivedFromTheBeds(int beds, string segment, string csmModel)
    {
        using var response = await _admin.PostJsonAsync("/api/accounts", new { customer = "Mercy Health Partners", beds });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var account = await _admin.GetJsonAsync("/api/accounts/mercy-health-partners");
        account["segment"]!.GetValue<string>().ShouldBe(segment);
        account["beds"]!.GetValue<int>().ShouldBe(beds);
        account["segmentPolicy"]!["csmModel"]!.GetValue<string>().ShouldBe(csmModel);
    }

    [Fact]
    public async Task Put_SegmentDisagreesWithBeds_Returns400NamingSegmentAndTheRange()
    {
        using var response = await _admin.PutAsJsonAsync("/api/accounts/mercy", new { customer = "Mercy", segment = "enterprise", beds = 120 }, TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["segment"]);
        problem["errors"]!["segment"]![0]!.GetValue<string>().ShouldBe("Enterprise needs 500 or more beds; 120 beds is Regional");
        problem["detail"]!.GetValue<string>().ShouldBe("segment: Enterprise needs 500 or more beds; 120 beds is Regional");
        (await _admin.GetPathAsync("/api/accounts/mercy")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_SegmentAgreesWithBeds_SavesBoth()
    {
        using var response = await _admin.PutAsJsonAsync("/api/accounts/mercy", new { customer = "Mercy", segment = "Regional", beds = 50 }, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var account = await response.ReadJsonAsync();
        account["segment"]!.GetValue<string>().ShouldBe("Regional");
        account["beds"]!.GetValue<int>().ShouldBe(50);
    }

    [Fact]
    public async Task Put_NegativeBeds_Returns400NamingBeds()
    {
        using var response = await _admin.PutAsJsonAsync("/api/accounts/mercy", new { customer = "Mercy", beds = -5 }, TestContext.Current.CancellationToken);

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["beds"]);
        errors["beds"]![0]!.GetValue<string>().ShouldBe("-5 is not a bed count; give 0 or more");
    }

    [Fact]
    public async Task Put_NeitherSegmentNorBeds_Returns400SayingEitherWillDo()
    {
        using var response = await _admin.PutAsJsonAsync("/api/accounts/mercy", new { customer = "Mercy" }, TestContext.Current.CancellationToken);

        var errors = (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject();
        errors["segment"]![0]!.GetValue<string>().ShouldBe("segment is required: one of Enterprise, Regional, Mid-market, Small, or give beds to derive it");
    }

    [Fact]
    public async Task Get_AccountStoredWithoutBeds_AnswersItsSegmentPolicyAndKeepsWorking()
    {
        var documents = _api.Services.GetRequiredService<IDocumentStore>();
        var stored = new JsonObject { ["id"] = "st-anne", ["customer"] = "St Anne", ["segment"] = "Mid-market", ["locale"] = "en" };
        await documents.PutAsync(AccountDocuments.Kind, "st-anne", stored, cancellationToken: TestContext.Current.CancellationToken);

        var account = await _admin.GetJsonAsync("/api/accounts/st-anne");
        using var replaced = await _admin.PutAsJsonAsync("/api/accounts/st-anne", new { customer = "St Anne", segment = "Mid-market", revision = 1 }, TestContext.Current.CancellationToken);

        account["beds"].ShouldBeNull();
        account["segmentPolicy"]!.ToJsonString(Plain).ShouldBe("""{"csmModel":"virtual","checkIns":"monthly","reviews":"semi-annual","beds":"10-49"}""");
        await replaced.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var list = await _admin.GetJsonAsync("/api/accounts?segment=Mid-market");
        list[0]!["segmentPolicy"]!["checkIns"]!.GetValue<string>().ShouldBe("monthly");
    }

    [Fact]
    public async Task Get_EnterpriseAccount_AnswersDedicatedWeeklyMonthly()
    {
        (await _admin.PutAsJsonAsync("/api/accounts/mercy", new { customer = "Mercy", segment = "Enterprise", beds = 640 }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var account = await _admin.GetJsonAsync("/api/accounts/mercy");

        account["segmentPolicy"]!.ToJsonString(Plain).ShouldBe("""{"csmModel":"dedicated","checkIns":"weekly","reviews":"monthly","beds":"500+"}""");
    }

    [Fact]
    public async Task ListSegments_AsViewer_ThePolicyTableLargestFirst()
    {
        using var viewer = await _api.ClientWithRolesAsync(Roles.Viewer);

        var segments = (await viewer.GetJsonAsync("/api/accounts/segments")).AsArray();

        segments.Select(s => s!.ToJsonString(Plain)).ShouldBe(
        [
            """{"segment":"Enterprise","beds":"500+","minBeds":500,"maxBeds":null,"csmModel":"dedicated","checkIns":"weekly","reviews":"monthly"}""",
            """{"segment":"Regional","beds":"50-499","minBeds":50,"maxBeds":499,"csmModel":"shared","checkIns":"bi-weekly","reviews":"quarterly"}""",
            """{"segment":"Mid-market","beds":"10-49","minBeds":10,"maxBeds":49,"csmModel":"virtual","checkIns":"monthly","reviews":"semi-annual"}""",
            """{"segment":"Small","beds":"<10","minBeds":0,"maxBeds":9,"csmModel":"self-service","checkIns":"quarterly","reviews":"annual"}""",
        ]);
    }

    [Fact]
    public async Task Put_IdSegments_Returns400BecauseTheRouteListsThePolicy()
    {
        using var response = await _admin.PutAsJsonAsync("/api/accounts/segments", new { customer = "Segments Inc", segment = "Small" }, TestContext.Current.CancellationToken);

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["errors"]!["id"]![0]!.GetValue<string>().ShouldContain("reserved");
    }

    [Fact]
    public async Task OpenApiDocument_Get_DescribesTheSegmentListAndBeds()
    {
        using var anonymous = _api.Client(apiKey: null);

        var document = await anonymous.GetJsonAsync("/openapi/v1.json");

        document["paths"]!["/api/accounts/segments"]!["get"]!["description"]!.GetValue<string>().ShouldContain("500+ Enterprise, 50-499 Regional, 10-49 Mid-market, 0-9 Small");
        document["paths"]!["/api/accounts/{id}"]!["put"]!["description"]!.GetValue<string>().ShouldContain("Enterprise needs 500 or more beds; 120 beds is Regional");
        document["components"]!["schemas"]!["AccountRequest"]!["properties"]!["beds"]!["description"]!.GetValue<string>().ShouldContain("50-499 Regional");
    }
}
