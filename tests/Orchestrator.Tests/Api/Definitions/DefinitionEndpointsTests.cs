using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Tests.Api.Definitions;

/// <summary>The definitions API: saving, reading, listing, publishing, retracting, reverting, exporting, deleting, validating.</summary>
public sealed class DefinitionEndpointsTests
{
    private static JsonObject Hello(string id = "hello", string text = "Hello", string name = "Say hello") =>
        Flows.Chain(id, name, [Flows.WriteLine("say", text)]);

    [Fact]
    public async Task Save_NewDefinition_Returns201WithVersion1AndLocation()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostRawAsync("/api/workflow-definitions", Hello().ToJsonString());

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        response.Headers.Location!.OriginalString.ShouldBe("/api/workflow-definitions/hello/versions/1");
        var saved = await response.ReadJsonAsync();
        saved.AsObject().Select(p => p.Key).ShouldBe(["definitionId", "version", "status"]);
        saved["definitionId"]!.GetValue<string>().ShouldBe("hello");
        saved["version"]!.GetValue<int>().ShouldBe(1);
        saved["status"]!.GetValue<string>().ShouldBe("draft");
    }

    [Fact]
    public async Task Save_NewDefinition_StampsIdsFlagsAndCreatedAtIntoItsJson()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        var definition = Hello();
        definition["id"] = "whatever-elsa-called-it";
        definition["version"] = 7;
        definition["customKey"] = "kept";

        await client.SaveAsync(definition);

        var json = (await client.GetJsonAsync("/api/workflow-definitions/hello/versions/1"))["definition"]!;
        json["id"]!.GetValue<string>().ShouldBe("hello-v1");
        json["definitionId"]!.GetValue<string>().ShouldBe("hello");
        json["version"]!.GetValue<int>().ShouldBe(1);
        json["isLatest"]!.GetValue<bool>().ShouldBeTrue();
        json["isPublished"]!.GetValue<bool>().ShouldBeFalse();
        DateTimeOffset.Parse(json["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(api.Clock.GetUtcNow());
        json["customKey"]!.GetValue<string>().ShouldBe("kept");
    }

    [Fact]
    public async Task Save_LatestIsDraft_OverwritesTheDraft()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello(text: "first"));
        api.Clock.Advance(TimeSpan.FromMinutes(5));

        var saved = await client.SaveAsync(Hello(text: "second", name: "Say hello again"));

        saved["version"]!.GetValue<int>().ShouldBe(1);
        var versions = (await client.GetJsonAsync("/api/workflow-definitions/hello/versions")).AsArray();
        versions.Count.ShouldBe(1);
        var latest = await client.GetJsonAsync("/api/workflow-definitions/hello");
        latest["name"]!.GetValue<string>().ShouldBe("Say hello again");
        latest["definition"]!["root"]!["activities"]![0]!["text"]!["expression"]!["value"]!.GetValue<string>().ShouldBe("second");
        latest["createdAt"]!.GetValue<DateTimeOffset>().ShouldBe(api.Clock.GetUtcNow() - TimeSpan.FromMinutes(5));
        latest["updatedAt"]!.GetValue<DateTimeOffset>().ShouldBe(api.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Save_AfterPublish_CreatesTheNextVersionAsADraft()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello(text: "v1"), publish: true);

        var saved = await client.SaveAsync(Hello(text: "v2"));

        saved["version"]!.GetValue<int>().ShouldBe(2);
        saved["status"]!.GetValue<string>().ShouldBe("draft");
        var versions = (await client.GetJsonAsync("/api/workflow-definitions/hello/versions")).AsArray();
        versions.Select(v => (v!["version"]!.GetValue<int>(), v["status"]!.GetValue<string>(), v["isLatest"]!.GetValue<bool>()))
            .ShouldBe([(1, "published", false), (2, "draft", true)]);
    }

    [Fact]
    public async Task Save_AfterRetract_CreatesTheNextVersion()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello(), publish: true);
        (await client.PostJsonAsync("/api/workflow-definitions/hello/retract", null)).EnsureSuccessStatusCode();

        var saved = await client.SaveAsync(Hello(text: "again"));

        saved["version"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Save_WithPublishTrue_PublishesAtOnce()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        var saved = await client.SaveAsync(Hello(), publish: true);

        saved["status"]!.GetValue<string>().ShouldBe("published");
        var json = (await client.GetJsonAsync("/api/workflow-definitions/hello"))["definition"]!;
        json["isPublished"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Save_WithPublishTrueAndErrors_Returns400AndSavesNothing()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostRawAsync("/api/workflow-definitions?publish=true", Flows.Chain("broken", "Broken", [Flows.Activity("x", "Acme.Unknown")]).ToJsonString());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["problems"]![0]!["activityId"]!.GetValue<string>().ShouldBe("x");
        (await client.GetPathAsync("/api/workflow-definitions/broken")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Save_MalformedJson_Returns400NamingLineAndColumn()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostRawAsync("/api/workflow-definitions", "{\n  \"name\": \"x\",\n  \"root\": { \"type\": \"Elsa.Flowchart\" ,, }\n}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["detail"]!.GetValue<string>().ShouldContain("line 3, column");
    }

    [Fact]
    public async Task Save_InvalidDefinitionId_Returns400()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostRawAsync("/api/workflow-definitions", Hello(id: "no/slashes").ToJsonString());

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("definitionId 'no/slashes'");
    }

    [Fact]
    public async Task List_WithSearch_ReturnsTheLatestOfMatchingDefinitions()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello("p1-escalation", name: "P1 escalation"), publish: true);
        await client.SaveAsync(Hello("p1-escalation", text: "v2", name: "P1 escalation"));
        await client.SaveAsync(Hello("onboarding", name: "90-day onboarding"));

        var all = (await client.GetJsonAsync("/api/workflow-definitions")).AsArray();
        var found = (await client.GetJsonAsync("/api/workflow-definitions?search=ESCALATION")).AsArray();

        all.Count.ShouldBe(2);
        var item = found.ShouldHaveSingleItem()!;
        item["definitionId"]!.GetValue<string>().ShouldBe("p1-escalation");
        item["name"]!.GetValue<string>().ShouldBe("P1 escalation");
        item["version"]!.GetValue<int>().ShouldBe(2);
        item["status"]!.GetValue<string>().ShouldBe("draft");
        item["publishedVersion"]!.GetValue<int>().ShouldBe(1);
        item["updatedAt"]!.GetValue<DateTimeOffset>().ShouldBe(api.Clock.GetUtcNow());
    }

    [Fact]
    public async Task GetVersion_UnknownVersion_Returns404Problem()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello());

        using var response = await client.GetPathAsync("/api/workflow-definitions/hello/versions/9");

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldContain("no version 9");
    }

    [Theory]
    [InlineData("GET", "/api/workflow-definitions/nope")]
    [InlineData("GET", "/api/workflow-definitions/nope/versions")]
    [InlineData("GET", "/api/workflow-definitions/nope/versions/1")]
    [InlineData("GET", "/api/workflow-definitions/nope/export")]
    [InlineData("POST", "/api/workflow-definitions/nope/publish")]
    [InlineData("POST", "/api/workflow-definitions/nope/retract")]
    [InlineData("POST", "/api/workflow-definitions/nope/runs")]
    [InlineData("DELETE", "/api/workflow-definitions/nope")]
    public async Task AnyEndpoint_UnknownDefinition_Returns404Problem(string method, string path)
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        (await response.ShouldBeProblemAsync(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldContain("'nope'");
    }

    [Fact]
    public async Task Publish_SpecificVersionWithNote_MakesItTheOnlyPublishedVersion()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello(text: "v1"), publish: true);
        await client.SaveAsync(Hello(text: "v2"), publish: true);

        var published = await client.PublishAsync("hello", version: 1, note: "v2 pages the wrong team");

        published["version"]!.GetValue<int>().ShouldBe(1);
        published["status"]!.GetValue<string>().ShouldBe("published");
        published["publishNote"]!.GetValue<string>().ShouldBe("v2 pages the wrong team");
        var versions = (await client.GetJsonAsync("/api/workflow-definitions/hello/versions")).AsArray();
        versions.Select(v => v!["status"]!.GetValue<string>()).ShouldBe(["published", "retracted"]);
        (await client.GetJsonAsync("/api/workflow-definitions/hello"))["publishedVersion"]!.GetValue<int>().ShouldBe(1);
        var run = await client.StartRunAsync("hello");
        run["version"]!.GetValue<int>().ShouldBe(1);
        api.Lines.ShouldBe(["v1"]);
    }

    [Fact]
    public async Task Publish_WithoutBody_PublishesTheLatest()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello());

        using var response = await client.PostAsync("/api/workflow-definitions/hello/publish", null, TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("published");
    }

    [Fact]
    public async Task Publish_VersionWithErrors_Returns400ListingTheProblems()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Flows.Chain("broken", "Broken", [Flows.WriteLine("ok", "fine"), Flows.Activity("x", "Acme.Unknown")]));

        using var response = await client.PostJsonAsync("/api/workflow-definitions/broken/publish", new { version = 1 });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["detail"]!.GetValue<string>().ShouldContain("cannot be published");
        var listed = problem["problems"]!.AsArray().ShouldHaveSingleItem()!;
        listed["activityId"]!.GetValue<string>().ShouldBe("x");
        listed["message"]!.GetValue<string>().ShouldContain("unknown activity type 'Acme.Unknown'");
        listed["severity"]!.GetValue<string>().ShouldBe("Error");
        (await client.GetJsonAsync("/api/workflow-definitions/broken"))["status"]!.GetValue<string>().ShouldBe("draft");
    }

    [Fact]
    public async Task Publish_MalformedJsonBody_Returns400NamingTheLine()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello());

        using var response = await client.PostRawAsync("/api/workflow-definitions/hello/publish", "{\n  \"version\": 1,\n  \"note\": oops\n}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("line 3, column");
    }

    [Fact]
    public async Task Retract_PublishedDefinition_LeavesNoVersionPublishedAndRefusesNewRuns()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello(), publish: true);

        using var response = await client.PostJsonAsync("/api/workflow-definitions/hello/retract", null);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await response.ReadJsonAsync())["status"]!.GetValue<string>().ShouldBe("retracted");
        var latest = await client.GetJsonAsync("/api/workflow-definitions/hello");
        latest["status"]!.GetValue<string>().ShouldBe("retracted");
        latest["publishedVersion"].ShouldBeNull();
        using var run = await client.PostJsonAsync("/api/workflow-definitions/hello/runs", new { });
        (await run.ShouldBeProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("no published version");
    }

    [Fact]
    public async Task Retract_NothingPublished_Returns409()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello());

        using var response = await client.PostJsonAsync("/api/workflow-definitions/hello/retract", null);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Revert_ToVersion1_CopiesItsJsonAsTheNextDraftVersion()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello(text: "v1"), publish: true);
        await client.SaveAsync(Hello(text: "v2"), publish: true);

        using var response = await client.PostJsonAsync("/api/workflow-definitions/hello/revert", new { version = 1 });

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        response.Headers.Location!.OriginalString.ShouldBe("/api/workflow-definitions/hello/versions/3");
        var v3 = await client.GetJsonAsync("/api/workflow-definitions/hello/versions/3");
        v3["status"]!.GetValue<string>().ShouldBe("draft");
        v3["publishedVersion"]!.GetValue<int>().ShouldBe(2);
        v3["definition"]!["root"]!["activities"]![0]!["text"]!["expression"]!["value"]!.GetValue<string>().ShouldBe("v1");
        v3["definition"]!["id"]!.GetValue<string>().ShouldBe("hello-v3");
        (await client.GetJsonAsync("/api/workflow-definitions/hello/versions")).AsArray()
            .Select(v => v!["revertedFrom"]?.GetValue<int>()).ShouldBe([null, null, 1]);
    }

    [Fact]
    public async Task Revert_UnknownVersion_Returns404()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello());

        using var response = await client.PostJsonAsync("/api/workflow-definitions/hello/revert", new { version = 5 });

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Export_LatestOrVersion_DownloadsElsaJsonWithoutTheLifecycle()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        var definition = Hello(text: "v1");
        definition["$schema"] = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";
        await client.SaveAsync(definition, publish: true);
        await client.SaveAsync(Hello(text: "v2"));

        using var latest = await client.GetPathAsync("/api/workflow-definitions/hello/export");
        using var first = await client.GetPathAsync("/api/workflow-definitions/hello/export?version=1");

        await latest.ShouldHaveStatusAsync(HttpStatusCode.OK);
        latest.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        latest.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        latest.Content.Headers.ContentDisposition.FileName.ShouldBe("hello-v2.json");
        var v2 = (await latest.ReadJsonAsync()).AsObject();
        v2["version"]!.GetValue<int>().ShouldBe(2);
        v2.ContainsKey("lifecycle").ShouldBeFalse();
        var v1 = (await first.ReadJsonAsync()).AsObject();
        first.Content.Headers.ContentDisposition!.FileName.ShouldBe("hello-v1.json");
        v1["$schema"]!.GetValue<string>().ShouldStartWith("https://elsaworkflows.io/");
        v1["isPublished"]!.GetValue<bool>().ShouldBeTrue();
        v1["root"]!["activities"]![0]!["text"]!["expression"]!["value"]!.GetValue<string>().ShouldBe("v1");
    }

    [Fact]
    public async Task Export_ThenSave_RoundTripsAsTheNextVersion()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Hello(), publish: true);
        using var export = await client.GetPathAsync("/api/workflow-definitions/hello/export");

        using var response = await client.PostRawAsync("/api/workflow-definitions", await export.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var saved = await response.ReadJsonAsync();
        saved["version"]!.GetValue<int>().ShouldBe(2);
        saved["status"]!.GetValue<string>().ShouldBe("draft");
    }

    [Fact]
    public async Task Delete_Definition_RemovesEveryVersionAndItsTriggers()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Flows.Chain("on-ticket", "On ticket", [Flows.TriggerEvent("created", "ticket.created"), Flows.WriteLine("say", "started")]), publish: true);

        using var response = await client.DeletePathAsync("/api/workflow-definitions/on-ticket");

        await response.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        (await client.GetPathAsync("/api/workflow-definitions/on-ticket")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.SendEventAsync("ticket.created"))["status"]!.GetValue<string>().ShouldBe("pending");
        api.Lines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Delete_WithSuspendedInstance_Returns409()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        await client.SaveAsync(Flows.Chain("waits", "Waits", [Flows.Event("wait", "never")]), publish: true);
        var run = await client.StartRunAsync("waits");
        run["subStatus"]!.GetValue<string>().ShouldBe(nameof(WorkflowSubStatus.Suspended));

        using var response = await client.DeletePathAsync("/api/workflow-definitions/waits");

        (await response.ShouldBeProblemAsync(HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("1 unfinished instance");
    }

    [Fact]
    public async Task Validate_DefinitionWithProblems_ListsThemWithoutSaving()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostRawAsync("/api/workflow-definitions/validate", Flows.Chain("checked", "Checked", [Flows.Activity("x", "Acme.Unknown")]).ToJsonString());

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var report = await response.ReadJsonAsync();
        report["valid"]!.GetValue<bool>().ShouldBeFalse();
        var problem = report["problems"]!.AsArray().ShouldHaveSingleItem()!;
        problem["activityId"]!.GetValue<string>().ShouldBe("x");
        problem["severity"]!.GetValue<string>().ShouldBe("Error");
        (await client.GetPathAsync("/api/workflow-definitions/checked")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Validate_CleanDefinition_IsValidWithNoProblems()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostRawAsync("/api/workflow-definitions/validate", Hello().ToJsonString());

        var report = await response.ReadJsonAsync();
        report["valid"]!.GetValue<bool>().ShouldBeTrue();
        report["problems"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Validate_MalformedJson_Returns400NamingTheLine()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostRawAsync("/api/workflow-definitions/validate", "{\n\"name\": \"x\"\n\"root\": {}\n}");

        (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest))["detail"]!.GetValue<string>().ShouldContain("line 3");
    }
}
