using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Activities.Sla;
using static Orchestrator.Activities.Tests.Sla.Calendars;

namespace Orchestrator.Activities.Tests.Sla;

/// <summary>The shipped calendars as stored at start: Singapore's public holidays on the L1 desk and every follow-the-sun hub zone.</summary>
public sealed class ShippedCalendarsTests
{
    /// <summary>DOMAIN.md's P3 first-response target.</summary>
    private static readonly TimeSpan P3FirstResponse = TimeSpan.FromHours(24);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ServiceProvider> ShippedAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(At("2026-07-01T00:00:00Z")));
        services.AddSla();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<CalendarStore>().EnsureDefaultsAsync(Ct);
        return provider;
    }

    [Fact]
    public async Task Deadline_P3OverTheNationalDayWeekend_SkipsTheShippedHolidays()
    {
        await using var provider = await ShippedAsync();
        var time = provider.GetRequiredService<IBusinessTime>();

        // Fri 7 Aug 2026 08:00-20:00 (12 h) and Sat 09:00-17:00 (8 h); Sunday 9 Aug (National Day) and Monday 10 Aug (its
        // observed day) are closed; the last 4 h run on Tuesday from 08:00. Without the holidays it would be Sunday 14:00.
        var due = await time.AddBusinessTimeAsync(DefaultCalendars.SingaporeL1, At("2026-08-07T08:00:00+08:00"), P3FirstResponse, Ct);

        due.ShouldBe(At("2026-08-11T12:00:00+08:00"));
    }

    [Fact]
    public async Task Deadline_P3StartedOnAnObservedHoliday_StartsCountingTheNextDay()
    {
        await using var provider = await ShippedAsync();
        var time = provider.GetRequiredService<IBusinessTime>();

        // Monday 1 Jun 2026 is Vesak Day observed (Vesak Day fell on Sunday 31 May): counting starts Tuesday 08:00, 12 h a day.
        var due = await time.AddBusinessTimeAsync(DefaultCalendars.SingaporeL1, At("2026-06-01T09:30:00+08:00"), P3FirstResponse, Ct);

        due.ShouldBe(At("2026-06-03T20:00:00+08:00"));
    }

    [Theory]
    [InlineData("2026-01-01")]
    [InlineData("2026-02-17")]
    [InlineData("2026-02-18")]
    [InlineData("2026-03-21")]
    [InlineData("2026-04-03")]
    [InlineData("2026-05-01")]
    [InlineData("2026-05-27")]
    [InlineData("2026-05-31")]
    [InlineData("2026-06-01")]
    [InlineData("2026-08-09")]
    [InlineData("2026-08-10")]
    [InlineData("2026-11-08")]
    [InlineData("2026-11-09")]
    [InlineData("2026-12-25")]
    [InlineData("2027-01-01")]
    [InlineData("2027-02-06")]
    [InlineData("2027-02-07")]
    [InlineData("2027-02-08")]
    [InlineData("2027-03-26")]
    [InlineData("2027-05-01")]
    [InlineData("2027-08-09")]
    [InlineData("2027-12-25")]
    public async Task SingaporeL1_GazettedPublicHoliday_IsClosed(string date)
    {
        await using var provider = await ShippedAsync();

        var calendar = await provider.GetRequiredService<CalendarStore>().GetAsync(DefaultCalendars.SingaporeL1, Ct);

        calendar.HoursOn(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ShouldBeEmpty();
        calendar.Holidays.ShouldContain(h => h.Date == DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture) && h.Hours == null && h.Name != null);
    }

    [Fact]
    public async Task SingaporeL1_DayAfterAnObservedHoliday_KeepsItsWeekdayHours()
    {
        await using var provider = await ShippedAsync();

        var calendar = await provider.GetRequiredService<CalendarStore>().GetAsync(DefaultCalendars.SingaporeL1, Ct);

        calendar.HoursOn(new DateOnly(2026, 8, 11)).ShouldBe([new DayHours(8 * 60, 20 * 60)]);
        calendar.Holidays.Count.ShouldBe(22);
    }

    [Theory]
    [InlineData(DefaultCalendars.AmericasToronto, "America/Toronto", "2026-10-30T21:00:00Z", "2026-11-02T14:00:00Z")] // Fri 17:00 EDT -> Mon 09:00 EST, after the clocks go back
    [InlineData(DefaultCalendars.EuropeBerlin, "Europe/Berlin", "2026-10-23T15:00:00Z", "2026-10-26T08:00:00Z")] // Fri 17:00 CEST -> Mon 09:00 CET
    [InlineData(DefaultCalendars.ApacSydney, "Australia/Sydney", "2026-10-02T07:00:00Z", "2026-10-04T22:00:00Z")] // Fri 17:00 AEST -> Mon 09:00 AEDT, after the clocks go forward
    [InlineData(DefaultCalendars.ApacSydney, "Australia/Sydney", "2027-04-02T06:00:00Z", "2027-04-04T23:00:00Z")] // Fri 17:00 AEDT -> Mon 09:00 AEST, after the clocks go back
    [InlineData(DefaultCalendars.ApacTokyo, "Asia/Tokyo", "2026-11-27T08:00:00Z", "2026-11-30T00:00:00Z")] // Fri 17:00 JST -> Mon 09:00 JST, no DST
    public async Task Deadline_InEachHubZone_CarriesOverTheWeekendAtTheLocalOffset(string calendarId, string zone, string start, string due)
    {
        await using var provider = await ShippedAsync();
        var calendar = await provider.GetRequiredService<CalendarStore>().GetAsync(calendarId, Ct);
        var time = provider.GetRequiredService<IBusinessTime>();

        var deadline = await time.AddBusinessTimeAsync(calendarId, At(start), TimeSpan.FromHours(2), Ct);

        calendar.Zone.Id.ShouldBe(zone);
        deadline.ShouldBe(At(due));
    }
}
