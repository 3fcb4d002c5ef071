using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Activities.Sla;
using static Orchestrator.Activities.Tests.Sla.Calendars;

namespace Orchestrator.Activities.Tests.Sla;

/// <summary><see cref="IBusinessTime"/> over the stored (shipped) calendars.</summary>
public sealed class StoredBusinessTimeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<IBusinessTime> BusinessTimeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(At("2026-11-23T00:00:00Z")));
        services.AddSla();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<CalendarStore>().EnsureDefaultsAsync(Ct);
        return provider.GetRequiredService<IBusinessTime>();
    }

    [Fact]
    public async Task AddBusinessTime_OnSingaporeL1_SkipsTheNight()
    {
        var time = await BusinessTimeAsync();

        (await time.AddBusinessTimeAsync(DefaultCalendars.SingaporeL1, At("2026-11-23T19:00:00+08:00"), TimeSpan.FromHours(2), Ct)).ShouldBe(At("2026-11-24T09:00:00+08:00"));
    }

    [Fact]
    public async Task AddBusinessDays_FromMonday_EndsWhenTheLastCountedDayCloses()
    {
        var time = await BusinessTimeAsync();

        // Europe hub, Friday 27 Nov 2026: 2 business days -> Tuesday 1 Dec 18:00 Dublin (UTC in winter).
        (await time.AddBusinessDaysAsync(DefaultCalendars.Europe, At("2026-11-27T10:00:00Z"), 2, Ct)).ShouldBe(At("2026-12-01T18:00:00Z"));
    }

    [Fact]
    public async Task NextOpenAndCurrentClose_AnswerFromTheCalendar()
    {
        var time = await BusinessTimeAsync();

        (await time.NextOpenAsync(DefaultCalendars.Americas, At("2026-11-28T12:00:00Z"), Ct)).ShouldBe(At("2026-11-30T14:00:00Z"));
        (await time.CurrentCloseAsync(DefaultCalendars.Americas, At("2026-11-30T15:00:00Z"), Ct)).ShouldBe(At("2026-12-01T00:00:00Z"));
        (await time.CurrentCloseAsync(DefaultCalendars.Americas, At("2026-11-28T12:00:00Z"), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task AnyCall_UnknownCalendar_ThrowsUnknownCalendar()
    {
        var time = await BusinessTimeAsync();

        (await Should.ThrowAsync<UnknownCalendarException>(async () => await time.NextOpenAsync("atlantis", At("2026-11-28T12:00:00Z"), Ct))).CalendarId.ShouldBe("atlantis");
    }
}
