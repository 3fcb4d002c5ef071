using Orchestrator.Activities.Sla;
using static Orchestrator.Activities.Tests.Sla.Calendars;

namespace Orchestrator.Activities.Tests.Sla;

/// <summary>The SLA timing rules of DOMAIN.md, one or more tests per rule.</summary>
public sealed class SlaClockTests
{
    private static readonly BusinessCalendar Singapore = Parse("""
        {"timeZone": "Asia/Singapore", "weekly": [
          {"day": "Monday", "open": "08:00", "close": "20:00"}, {"day": "Tuesday", "open": "08:00", "close": "20:00"},
          {"day": "Wednesday", "open": "08:00", "close": "20:00"}, {"day": "Thursday", "open": "08:00", "close": "20:00"},
          {"day": "Friday", "open": "08:00", "close": "20:00"}, {"day": "Saturday", "open": "09:00", "close": "17:00"},
          {"day": "Sunday", "open": "10:00", "close": "16:00"}],
         "holidays": [{"date": "2026-12-25"}, {"date": "2026-12-24", "open": "08:00", "close": "12:00"}]}
        """);

    private static DateTimeOffset? Due(BusinessCalendar calendar, string start, int minutes, params (string From, string To)[] pauses) =>
        SlaClock.Deadline(calendar, At(start), TimeSpan.FromMinutes(minutes), [.. pauses.Select(p => new SlaPause(At(p.From), At(p.To)))]);

    [Fact]
    public void Deadline_InsideHours_CountsWallClockWithinTheDay()
    {
        // Monday 2026-11-23 10:00 SGT + 60 min.
        Due(Singapore, "2026-11-23T10:00:00+08:00", 60).ShouldBe(At("2026-11-23T11:00:00+08:00"));
    }

    [Fact]
    public void Deadline_StartOutsideHours_StartsCountingAtTheNextOpening()
    {
        // Monday 06:00 SGT: counting starts at 08:00.
        Due(Singapore, "2026-11-22T22:00:00Z", 60).ShouldBe(At("2026-11-23T09:00:00+08:00"));
    }

    [Fact]
    public void Deadline_AfterClose_CarriesIntoTheNextDay()
    {
        // Monday 19:00 + 120 min: 60 min Monday, 60 min from Tuesday 08:00.
        Due(Singapore, "2026-11-23T19:00:00+08:00", 120).ShouldBe(At("2026-11-24T09:00:00+08:00"));
    }

    [Fact]
    public void Deadline_ExactlyAtClosingTime_StaysAtClosingTime()
    {
        Due(Singapore, "2026-11-23T19:00:00+08:00", 60).ShouldBe(At("2026-11-23T20:00:00+08:00"));
    }

    [Fact]
    public void Deadline_Weekend_UsesSaturdayAndSundayHours()
    {
        // Friday 19:00 + 9 h: 1 h Friday, 8 h Saturday 09:00-17:00 -> Saturday 17:00 (closing time).
        Due(Singapore, "2026-11-27T19:00:00+08:00", 9 * 60).ShouldBe(At("2026-11-28T17:00:00+08:00"));
        // + 1 more hour -> Sunday 11:00.
        Due(Singapore, "2026-11-27T19:00:00+08:00", 10 * 60).ShouldBe(At("2026-11-29T11:00:00+08:00"));
    }

    [Fact]
    public void Deadline_HolidayClosed_SkipsTheDay()
    {
        // Thursday 24 Dec is 08:00-12:00 (special hours), Friday 25 Dec closed, Saturday 26 Dec 09:00-17:00.
        Due(Singapore, "2026-12-24T11:00:00+08:00", 120).ShouldBe(At("2026-12-26T10:00:00+08:00"));
    }

    [Fact]
    public void Deadline_HolidaySpecialHours_CountsOnlyThoseHours()
    {
        // Wednesday 23 Dec 19:00 + 300 min: 60 Wednesday, then 24 Dec 08:00-12:00 (240) -> 12:00 exactly.
        Due(Singapore, "2026-12-23T19:00:00+08:00", 300).ShouldBe(At("2026-12-24T12:00:00+08:00"));
    }

    [Fact]
    public void Deadline_SplitShifts_SkipsTheGapBetweenThem()
    {
        var split = Parse("""{"timeZone": "Europe/Berlin", "weekly": [{"day": "Monday", "open": "08:00", "close": "12:00"}, {"day": "Monday", "open": "13:00", "close": "17:00"}]}""");
        Due(split, "2026-11-23T11:00:00+01:00", 120).ShouldBe(At("2026-11-23T14:00:00+01:00"));
        SlaClock.Elapsed(split, At("2026-11-23T08:00:00+01:00"), At("2026-11-23T17:00:00+01:00"), []).ShouldBe(TimeSpan.FromHours(8));
    }

    [Fact]
    public void Deadline_CloseAt2400_RunsToMidnightAndJoinsTheNextDay()
    {
        var late = Parse("""{"timeZone": "Asia/Singapore", "weekly": [{"day": "Monday", "open": "20:00", "close": "24:00"}, {"day": "Tuesday", "open": "00:00", "close": "02:00"}]}""");
        Due(late, "2026-11-23T20:00:00+08:00", 240).ShouldBe(At("2026-11-24T00:00:00+08:00"));
        Due(late, "2026-11-23T23:00:00+08:00", 120).ShouldBe(At("2026-11-24T01:00:00+08:00"));
        late.OpenSpans(At("2026-11-23T21:00:00+08:00")).First().ShouldBe(new TimeRange(At("2026-11-23T21:00:00+08:00"), At("2026-11-24T02:00:00+08:00")));
    }

    [Fact]
    public void Deadline_PauseInsideHours_PushesByThePausedBusinessTime()
    {
        Due(Singapore, "2026-11-23T09:00:00+08:00", 60, ("2026-11-23T09:30:00+08:00", "2026-11-23T10:00:00+08:00")).ShouldBe(At("2026-11-23T10:30:00+08:00"));
    }

    [Fact]
    public void Deadline_PauseAcrossAClosure_PushesOnlyByItsBusinessPart()
    {
        // Paused Monday 19:00 to Tuesday 09:00: 60 business minutes Monday + 60 Tuesday are lost.
        Due(Singapore, "2026-11-23T18:00:00+08:00", 180, ("2026-11-23T19:00:00+08:00", "2026-11-24T09:00:00+08:00")).ShouldBe(At("2026-11-24T11:00:00+08:00"));
        SlaClock.Elapsed(Singapore, At("2026-11-23T18:00:00+08:00"), At("2026-11-24T11:00:00+08:00"), [new SlaPause(At("2026-11-23T19:00:00+08:00"), At("2026-11-24T09:00:00+08:00"))]).ShouldBe(TimeSpan.FromHours(3));
    }

    [Fact]
    public void Deadline_OpenEndedPause_NeverFallsDue()
    {
        SlaClock.Deadline(Singapore, At("2026-11-23T09:00:00+08:00"), TimeSpan.FromHours(1), [new SlaPause(At("2026-11-23T09:30:00+08:00"), null)]).ShouldBeNull();
    }

    [Fact]
    public void Deadline_AlwaysOpen_IsWallClock()
    {
        var always = Parse("""{"timeZone": "UTC", "alwaysOpen": true}""");
        Due(always, "2026-11-23T23:30:00Z", 90).ShouldBe(At("2026-11-24T01:00:00Z"));
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-08")] // spring forward
    [InlineData("America/New_York", "2026-11-01")] // fall back
    [InlineData("Europe/Berlin", "2026-03-29")]
    [InlineData("Europe/Berlin", "2026-10-25")]
    [InlineData("Australia/Sydney", "2026-04-05")] // DST ends
    [InlineData("Australia/Sydney", "2026-10-04")] // DST starts
    public void Elapsed_NineToFiveOnADstChangeDay_IsEightHours(string zone, string date)
    {
        var calendar = Daily(zone, "09:00", "17:00");
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var open = calendar.ToInstant(day.ToDateTime(new TimeOnly(9, 0)), latest: false);
        var close = calendar.ToInstant(day.ToDateTime(new TimeOnly(17, 0)), latest: true);

        SlaClock.Elapsed(calendar, open.AddHours(-6), close.AddHours(6), []).ShouldBe(TimeSpan.FromHours(8));
        SlaClock.Deadline(calendar, open.AddHours(-6), TimeSpan.FromHours(8), []).ShouldBe(close);
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-08", 23)]
    [InlineData("America/New_York", "2026-11-01", 25)]
    [InlineData("Europe/Berlin", "2026-03-29", 23)]
    [InlineData("Europe/Berlin", "2026-10-25", 25)]
    [InlineData("Australia/Sydney", "2026-10-04", 23)]
    [InlineData("Australia/Sydney", "2026-04-05", 25)]
    public void Elapsed_WholeDayOnADstChangeDay_IsAsLongAsTheClocksShow(string zone, string date, int hours)
    {
        var calendar = Daily(zone, "00:00", "24:00");
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);
        var spans = calendar.SpansOn(day).ToList();

        spans.ShouldHaveSingleItem().Length.ShouldBe(TimeSpan.FromHours(hours));
    }

    [Fact]
    public void Elapsed_IntervalWithASkippedOpeningTime_StartsWhenTheClocksJump()
    {
        // New York 2026-03-08: 02:00-03:00 does not exist; 02:30-04:00 opens at 03:00 EDT (07:00Z) and lasts 1 h.
        var calendar = Daily("America/New_York", "02:30", "04:00");
        var span = calendar.SpansOn(new DateOnly(2026, 3, 8)).ShouldHaveSingleItem();

        span.Start.ShouldBe(At("2026-03-08T07:00:00Z"));
        span.Length.ShouldBe(TimeSpan.FromHours(1));
    }

    [Fact]
    public void Elapsed_IntervalWithARepeatedTime_OpensAtTheFirstAndClosesAtTheLastOccurrence()
    {
        // Berlin 2026-10-25: 02:00-03:00 happens twice. 01:30-02:30 runs from 01:30 CEST to 02:30 CET: 2 h.
        var calendar = Daily("Europe/Berlin", "01:30", "02:30");
        var span = calendar.SpansOn(new DateOnly(2026, 10, 25)).ShouldHaveSingleItem();

        span.Start.ShouldBe(At("2026-10-24T23:30:00Z"));
        span.End.ShouldBe(At("2026-10-25T01:30:00Z"));
    }

    [Fact]
    public void Deadline_AcrossSpringForwardInNewYork_UsesTheNewOffsetAfterTheChange()
    {
        var calendar = Weekdays("America/New_York");
        // Friday 6 March 16:00 EST + 120 min: 60 Friday, 60 Monday 9 March (now EDT) -> 10:00 EDT = 14:00Z.
        Due(calendar, "2026-03-06T21:00:00Z", 120).ShouldBe(At("2026-03-09T14:00:00Z"));
    }

    [Fact]
    public void Deadline_AcrossFallBackInSydney_UsesTheNewOffsetAfterTheChange()
    {
        var calendar = Weekdays("Australia/Sydney");
        // Friday 3 April 16:00 AEDT (05:00Z) + 120 min -> Monday 6 April 10:00 AEST = 00:00Z.
        Due(calendar, "2026-04-03T05:00:00Z", 120).ShouldBe(At("2026-04-06T00:00:00Z"));
    }

    [Fact]
    public void Preview_StartOutsideHoursWithPause_ExplainsEachStep()
    {
        var result = SlaPreview.Compute(Singapore, At("2026-11-23T06:00:00+08:00"), TimeSpan.FromMinutes(720), [new SlaPause(At("2026-11-23T10:00:00+08:00"), At("2026-11-23T11:00:00+08:00"))])!;

        result.DueAt.ShouldBe(At("2026-11-24T09:00:00+08:00"));
        result.Timeline.Select(e => e.Type).ShouldBe(["started", "opened", "paused", "resumed", "closed", "opened", "due"]);
        result.Timeline[1].Note.ShouldBe("counting starts at the next opening");
        var closed = result.Timeline[4];
        closed.At.ShouldBe(At("2026-11-23T20:00:00+08:00"));
        closed.BusinessElapsedMinutes.ShouldBe(660);
        closed.WallClockElapsedMinutes.ShouldBe(840);
        result.Timeline[^1].BusinessElapsedMinutes.ShouldBe(720);
    }

    [Fact]
    public void Preview_DueAtClosingTime_SaysSo()
    {
        var result = SlaPreview.Compute(Singapore, At("2026-11-23T19:00:00+08:00"), TimeSpan.FromMinutes(60), [])!;

        result.Timeline[^1].Note.ShouldBe("due at closing time");
        result.Timeline.Select(e => e.Type).ShouldBe(["started", "due"]);
    }
}
