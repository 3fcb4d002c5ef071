using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Auth;

namespace Orchestrator.Tests.Api.Sla;

/// <summary><c>POST /api/sla/preview</c>: deadlines in UTC, the explaining timeline, and 400s naming the field.</summary>
public sealed class SlaPreviewEndpointTests
{
    private static readonly JsonObject Singapore = JsonNode.Parse("""
        {"timeZone": "Asia/Singapore", "weekly": [
          {"day": "Monday", "open": "08:00", "close": "20:00"}, {"day": "Tuesday", "open": "08:00", "close": "20:00"},
          {"day": "Wednesday", "open": "08:00", "close": "20:00"}, {"day": "Thursday", "open": "08:00", "close": "20:00"},
          {"day": "Friday", "open": "08:00", "close": "20:00"}, {"day": "Saturday", "open": "09:00", "close": "17:00"},
          {"day": "Sunday", "open": "10:00", "close": "16:00"}],
         "holidays": [{"date": "2026-12-25"}, {"date": "2026-12-24", "open": "08:00", "close": "12:00"}], "alwaysOpen": false}
        """)!.AsObject();

    [Theory]
    [InlineData("2026-11-23T10:00:00+08:00", 60, "2026-11-23T03:00:00Z")]
    [InlineData("2026-11-22T22:00:00Z", 60, "2026-11-23T01:00:00Z")] // Monday 06:00 SGT: starts at 08:00
    [InlineData("2026-11-23T19:00:00+08:00", 60, "2026-11-23T12:00:00Z")] // exactly at closing time
    [InlineData("2026-11-23T19:00:00+08:00", 120, "2026-11-24T01:00:00Z")]
    [InlineData("2026-12-24T11:00:00+08:00", 120, "2026-12-26T02:00:00Z")] // special hours, then the closed holiday
    public async Task Preview_InlineCalendar_ReturnsTheDueInstantInUtc(string start, int minutes, string due)
    {
        await using var api = new ApiFactory();
        using var viewer = await api.ClientWithRolesAsync(Roles.Viewer);

        using var response = await viewer.PostJsonAsync("/api/sla/preview", new { calendar = Singapore, start, targetMinutes = minutes });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var body = await response.ReadJsonAsync();
        body["dueAt"]!.GetValue<string>().ShouldBe(due);
        var timeline = body["timeline"]!.AsArray();
        timeline[0]!["type"]!.GetValue<string>().ShouldBe("started");
        timeline[^1]!["type"]!.GetValue<string>().ShouldBe("due");
        timeline[^1]!["businessElapsedMinutes"]!.GetValue<double>().ShouldBe(minutes);
    }

    [Fact]
    public async Task Preview_StoredCalendarWithPauses_PushesTheDeadlineAndExplainsIt()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostJsonAsync("/api/sla/preview", new
        {
            calendarId = "singapore-l1",
            start = "2026-11-23T18:00:00+08:00",
            targetMinutes = 180,
            pauses = new[] { new { from = "2026-11-23T11:00:00Z", to = "2026-11-24T01:00:00Z" } },
        });

        var body = await response.ReadJsonAsync();
        body["dueAt"]!.GetValue<string>().ShouldBe("2026-11-24T03:00:00Z");
        body["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["started", "paused", "closed", "opened", "resumed", "due"]);
    }

    [Fact]
    public async Task Preview_NewYorkAcrossSpringForward_UsesTheNewOffset()
    {
        await using var api = new ApiFactory();
        using var client = api.Client();
        var weekdays = new JsonArray([.. new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.Select(d => (JsonNode)new JsonObject { ["day"] = d, ["open"] = "09:00", ["close"] = "17:00" })]);

        using var response = await client.PostJsonAsync("/api/sla/preview", new { calendar = new JsonObject { ["timeZone"] = "America/New_York", ["weekly"] = weekdays }, start = "2026-03-06T16:00:00-05:00", targetMinutes = 120 });

        (await response.ReadJsonAsync())["dueAt"]!.GetValue<string>().ShouldBe("2026-03-09T14:00:00Z");
    }

    [Theory]
    [InlineData("""{"calendar": {"timeZone": "Asia/Singapore", "weekly": [{"day": "Monday", "open": "08:00", "close": "20:00"}, {"day": "Tuesday", "open": "08:00", "close": "20:00"}, {"day": "Wednesday", "open": "20:00", "close": "08:00"}]}, "start": "2026-11-23T09:00:00Z", "targetMinutes": 60}""", "calendar.weekly[2].close")]
    [InlineData("""{"calendar": {"timeZone": "Nowhere/City", "weekly": [{"day": "Monday", "open": "08:00", "close": "20:00"}]}, "start": "2026-11-23T09:00:00Z", "targetMinutes": 60}""", "calendar.timeZone")]
    [InlineData("""{"calendarId": "24x7", "start": "2026-11-23 09:00", "targetMinutes": 60}""", "start")]
    [InlineData("""{"calendarId": "24x7", "start": "2026-11-23T09:00:00Z", "targetMinutes": -5}""", "targetMinutes")]
    [InlineData("""{"calendarId": "24x7", "start": "2026-11-23T09:00:00Z", "targetMinutes": 60, "pauses": [{"from": "2026-11-23T10:00:00Z", "to": "2026-11-23T09:00:00Z"}]}""", "pauses[0].to")]
    [InlineData("""{"calendarId": "atlantis", "start": "2026-11-23T09:00:00Z", "targetMinutes": 60}""", "calendarId")]
    public async Task Preview_BadField_Returns400NamingIt(string body, string field)
    {
        await using var api = new ApiFactory();
        using var client = api.Client();

        using var response = await client.PostRawAsync("/api/sla/preview", body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull(problem.ToJsonString());
    }

    [Fact]
    public async Task Preview_WithoutKey_Returns401()
    {
        await using var api = new ApiFactory();
        using var anonymous = api.Client(apiKey: null);

        using var response = await anonymous.PostJsonAsync("/api/sla/preview", new { calendarId = "24x7", start = "2026-11-23T09:00:00Z", targetMinutes = 60 });

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
