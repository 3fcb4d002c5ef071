using System.Net;
using System.Net.Http.Json;
using Orchestrator.Auth;

namespace Orchestrator.Tests.Api.Calendars;

/// <summary>Business calendars over HTTP: shipped defaults, create, replace, delete, roles and field-named 400s.</summary>
public sealed class CalendarEndpointsTests
{
    private static object Calendar(params object[] weekly) => new { name = "Berlin office", timeZone = "Europe/Berlin", weekly, holidays = new object[] { new { date = "2026-12-25" } } };

    [Fact]
    public async Task List_FreshHost_HasTheShippedCalendars()
    {
        await using var api = new ApiFactory();
        using var viewer = await api.ClientWithRolesAsync(Roles.Viewer);

        var list = (await viewer.GetJsonAsync("/api/calendars")).AsArray();

        list.Select(c => c!["id"]!.GetValue<string>()).ShouldBe(["24x7", "americas", "americas-toronto", "apac", "apac-sydney", "apac-tokyo", "europe", "europe-berlin", "mea", "singapore-l1"], ignoreOrder: true);
        var singapore = await viewer.GetJsonAsync("/api/calendars/singapore-l1");
        singapore["timeZone"]!.GetValue<string>().ShouldBe("Asia/Singapore");
        singapore["weekly"]!.AsArray().Count.ShouldBe(7);
        (await viewer.GetJsonAsync("/api/calendars/americas"))["timeZone"]!.GetValue<string>().ShouldBe("America/Chicago");
    }

    [Theory]
    [InlineData("americas", "America/Chicago")]
    [InlineData("americas-toronto", "America/Toronto")]
    [InlineData("europe", "Europe/Dublin")]
    [InlineData("europe-berlin", "Europe/Berlin")]
    [InlineData("apac", "Asia/Singapore")]
    [InlineData("apac-sydney", "Australia/Sydney")]
    [InlineData("apac-tokyo", "Asia/Tokyo")]
    [InlineData("mea", "Asia/Dubai")]
    public async Task Get_EveryRegionalHubZone_HasAWeekdayCalendar(string id, string zone)
    {
        await using var api = new ApiFactory();
        using var viewer = await api.ClientWithRolesAsync(Roles.Viewer);

        var hub = await viewer.GetJsonAsync($"/api/calendars/{id}");

        hub["timeZone"]!.GetValue<string>().ShouldBe(zone);
        hub["weekly"]!.AsArray().Select(d => $"{d!["day"]!.GetValue<string>()} {d["open"]!.GetValue<string>()}-{d["close"]!.GetValue<string>()}")
            .ShouldBe(["Monday 08:00-18:00", "Tuesday 08:00-18:00", "Wednesday 08:00-18:00", "Thursday 08:00-18:00", "Friday 08:00-18:00"]);
    }

    [Fact]
    public async Task Get_SingaporeL1_ListsThePublicHolidaysClosedWithTheirObservedMondays()
    {
        await using var api = new ApiFactory();
        using var viewer = await api.ClientWithRolesAsync(Roles.Viewer);

        var holidays = (await viewer.GetJsonAsync("/api/calendars/singapore-l1"))["holidays"]!.AsArray();

        holidays.Count.ShouldBe(22);
        holidays.ShouldAllBe(h => h!["open"] == null && h["close"] == null);
        holidays.Where(h => h!["date"]!.GetValue<string>().StartsWith("2026-08", StringComparison.Ordinal)).Select(h => $"{h!["date"]} {h["name"]}")
            .ShouldBe(["2026-08-09 National Day", "2026-08-10 National Day (observed)"]);
    }

    [Fact]
    public async Task Put_ValidCalendar_StoresItNormalisedWithARevision()
    {
        await using var api = new ApiFactory();
        using var owner = await api.ClientWithRolesAsync(Roles.ProcessOwner);

        using var response = await owner.PutAsJsonAsync("/api/calendars/berlin", Calendar(new { day = "mon", open = "8:00", close = "12:00" }, new { day = "Monday", open = "13:00", close = "24:00" }), TestContext.Current.CancellationToken);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var stored = await owner.GetJsonAsync("/api/calendars/berlin");
        stored["revision"]!.GetValue<int>().ShouldBe(1);
        stored["weekly"]![0]!["day"]!.GetValue<string>().ShouldBe("Monday");
        stored["weekly"]![0]!["open"]!.GetValue<string>().ShouldBe("08:00");
        stored["weekly"]![1]!["close"]!.GetValue<string>().ShouldBe("24:00");
    }

    [Fact]
    public async Task Put_StaleRevision_Returns409()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();
        (await admin.PutAsJsonAsync("/api/calendars/berlin", Calendar(new { day = "Monday", open = "08:00", close = "17:00" }), TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        using var response = await admin.PutAsJsonAsync("/api/calendars/berlin", new { timeZone = "Europe/Berlin", weekly = new[] { new { day = "Monday", open = "09:00", close = "17:00" } }, revision = 5 }, TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Post_ExistingId_Returns409AndNewId_Returns201()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();

        using var created = await admin.PostJsonAsync("/api/calendars", new { id = "dublin", timeZone = "Europe/Dublin", weekly = new[] { new { day = "Friday", open = "09:00", close = "17:00" } } });
        using var again = await admin.PostJsonAsync("/api/calendars", new { id = "dublin", timeZone = "Europe/Dublin", weekly = new[] { new { day = "Friday", open = "09:00", close = "17:00" } } });

        await created.ShouldHaveStatusAsync(HttpStatusCode.Created);
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("""{"timeZone": "Mars/Olympus", "weekly": [{"day": "Monday", "open": "08:00", "close": "17:00"}]}""", "timeZone")]
    [InlineData("""{"timeZone": "Europe/Berlin", "weekly": [{"day": "Monday", "open": "08:00", "close": "17:00"}, {"day": "Tuesday", "open": "08:00", "close": "17:00"}, {"day": "Wednesday", "open": "17:00", "close": "09:00"}]}""", "weekly[2].close")]
    [InlineData("""{"timeZone": "Europe/Berlin", "weekly": [{"day": "Monday", "open": "08:00", "close": "12:00"}, {"day": "Monday", "open": "11:00", "close": "17:00"}]}""", "weekly[1].open")]
    [InlineData("""{"timeZone": "Europe/Berlin", "weekly": [{"day": "Funday", "open": "08:00", "close": "12:00"}]}""", "weekly[0].day")]
    [InlineData("""{"timeZone": "Europe/Berlin", "weekly": [{"day": "Monday", "open": "24:00", "close": "24:00"}]}""", "weekly[0].open")]
    [InlineData("""{"timeZone": "Europe/Berlin", "weekly": [{"day": "Monday", "open": "08:00", "close": "12:00"}], "holidays": [{"date": "2026-02-30"}]}""", "holidays[0].date")]
    [InlineData("""{"timeZone": "Europe/Berlin", "weekly": [{"day": "Monday", "open": "08:00", "close": "12:00"}], "holidays": [{"date": "2026-12-24", "open": "08:00"}]}""", "holidays[0].close")]
    [InlineData("""{"timeZone": "Europe/Berlin", "weekly": []}""", "weekly")]
    public async Task Put_InvalidCalendar_Returns400NamingTheField(string body, string field)
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();

        using var response = await admin.PutAsync("/api/calendars/bad", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull(problem.ToJsonString());
        problem["errors"]!.AsObject().Count.ShouldBe(1, problem.ToJsonString());
    }

    [Fact]
    public async Task Put_AsViewerOrCsm_Returns403()
    {
        await using var api = new ApiFactory();
        using var viewer = await api.ClientWithRolesAsync(Roles.Viewer, Roles.Csm);

        using var response = await viewer.PutAsJsonAsync("/api/calendars/x", Calendar(new { day = "Monday", open = "08:00", close = "17:00" }), TestContext.Current.CancellationToken);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Delete_Calendar_RemovesItAndThen404()
    {
        await using var api = new ApiFactory();
        using var admin = api.Client();

        using var deleted = await admin.DeletePathAsync("/api/calendars/mea");

        await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await admin.GetPathAsync("/api/calendars/mea")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeletePathAsync("/api/calendars/mea")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
