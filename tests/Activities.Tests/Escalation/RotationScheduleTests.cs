using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Escalation;

namespace Orchestrator.Activities.Tests.Escalation;

public sealed class RotationScheduleTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static Rotation Weekly() => new()
    {
        Id = "l2",
        TimeZone = "Europe/Berlin",
        Layers = [new RotationLayer { Name = "primary", Members = ["ann", "ben", "cat"], Length = "weekly", Start = "2026-11-02", HandoffTime = "09:00" }],
    };

    [Theory]
    [InlineData(11, 2, 8, 0, "ann")] // 09:00 CET, the first hand-off
    [InlineData(11, 9, 7, 59, "ann")]
    [InlineData(11, 9, 8, 0, "ben")]
    [InlineData(11, 16, 8, 0, "cat")]
    [InlineData(11, 23, 8, 0, "ann")]
    public void OnCallAt_WeeklyLayer_HandsOverAtTheLocalHandoffTime(int month, int day, int hour, int minute, string expected)
    {
        RotationSchedule.OnCallAt(Weekly(), Utc(month, day, hour, minute)).PersonIds.ShouldBe([expected]);
    }

    [Fact]
    public void OnCallAt_BeforeTheFirstShift_NobodyIsOnCall()
    {
        var onCall = RotationSchedule.OnCallAt(Weekly(), Utc(11, 2, 7, 59));

        onCall.PersonIds.ShouldBeEmpty();
        onCall.Source.ShouldBeNull();
    }

    [Fact]
    public void OnCallAt_DailyHandoffAcrossSpringForward_StaysAtNineLocal()
    {
        // Berlin moves to CEST on 2026-03-29: the 09:00 hand-off is 08:00 UTC before and 07:00 UTC from that day.
        var rotation = new Rotation
        {
            Id = "daily",
            TimeZone = "Europe/Berlin",
            Layers = [new RotationLayer { Members = ["ann", "ben"], Length = "daily", Start = "2026-03-27", HandoffTime = "09:00" }],
        };

        RotationSchedule.OnCallAt(rotation, Utc(3, 28, 7, 59)).PersonIds.ShouldBe(["ann"]);
        RotationSchedule.OnCallAt(rotation, Utc(3, 28, 8, 0)).PersonIds.ShouldBe(["ben"]);
        RotationSchedule.OnCallAt(rotation, Utc(3, 29, 6, 59)).PersonIds.ShouldBe(["ben"]);
        var afterChange = RotationSchedule.OnCallAt(rotation, Utc(3, 29, 7, 0));
        afterChange.PersonIds.ShouldBe(["ann"]);
        afterChange.ShiftStart.ShouldBe(Utc(3, 29, 7, 0));
        afterChange.ShiftEnd.ShouldBe(Utc(3, 30, 7, 0));

        // The shift spanning the change is 23 hours long.
        var spanning = RotationSchedule.OnCallAt(rotation, Utc(3, 29, 0, 0));
        (spanning.ShiftEnd - spanning.ShiftStart).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public void OnCallAt_DailyHandoffAcrossFallBack_ShiftIsTwentyFiveHours()
    {
        var rotation = new Rotation
        {
            Id = "daily",
            TimeZone = "America/Chicago",
            Layers = [new RotationLayer { Members = ["ann", "ben"], Length = "daily", Start = "2026-10-31", HandoffTime = "09:00" }],
        };

        // Chicago leaves CDT (-5) for CST (-6) on 2026-11-01.
        var onCall = RotationSchedule.OnCallAt(rotation, Utc(11, 1, 12, 0));

        onCall.PersonIds.ShouldBe(["ann"]);
        onCall.ShiftStart.ShouldBe(Utc(10, 31, 14, 0));
        onCall.ShiftEnd.ShouldBe(Utc(11, 1, 15, 0));
        RotationSchedule.OnCallAt(rotation, Utc(11, 1, 15, 0)).PersonIds.ShouldBe(["ben"]);
    }

    [Fact]
    public void OnCallAt_HourLengthLayer_CountsElapsedHoursAcrossDst()
    {
        var rotation = new Rotation
        {
            Id = "twelve",
            TimeZone = "Europe/Berlin",
            Layers = [new RotationLayer { Members = ["ann", "ben"], Length = "12h", Start = "2026-03-28", HandoffTime = "20:00" }],
        };

        // First hand-off 2026-03-28 19:00 UTC; every 12 elapsed hours after, whatever the wall clock says.
        RotationSchedule.OnCallAt(rotation, Utc(3, 29, 6, 59)).PersonIds.ShouldBe(["ann"]);
        RotationSchedule.OnCallAt(rotation, Utc(3, 29, 7, 0)).PersonIds.ShouldBe(["ben"]);
        RotationSchedule.OnCallAt(rotation, Utc(3, 29, 19, 0)).PersonIds.ShouldBe(["ann"]);
    }

    private static Rotation Layered() => new()
    {
        Id = "l2",
        TimeZone = "Europe/Berlin",
        Layers =
        [
            new RotationLayer { Name = "base", Members = ["ann", "ben"], Length = "weekly", Start = "2026-11-02", HandoffTime = "00:00" },
            new RotationLayer
            {
                Name = "business hours",
                Members = ["dan", "eve"],
                Length = "daily",
                Start = "2026-11-02",
                HandoffTime = "09:00",
                Restrictions = [new RotationRestriction { Days = ["mon", "tue", "wed", "thu", "fri"], From = "09:00", To = "17:00" }],
            },
            new RotationLayer
            {
                Name = "friday night",
                Members = ["fay"],
                Length = "weekly",
                Start = "2026-11-02",
                Restrictions = [new RotationRestriction { Days = ["friday"], From = "22:00", To = "06:00" }],
            },
        ],
    };

    [Theory]
    [InlineData(11, 2, 8, 0, "dan", "business hours")] // Monday 09:00 CET
    [InlineData(11, 3, 10, 0, "eve", "business hours")] // Tuesday 11:00
    [InlineData(11, 3, 16, 0, "ann", "base")] // Tuesday 17:00: restriction over
    [InlineData(11, 7, 10, 0, "ann", "base")] // Saturday 11:00: weekdays only
    [InlineData(11, 6, 21, 30, "fay", "friday night")] // Friday 22:30
    [InlineData(11, 7, 4, 59, "fay", "friday night")] // Saturday 05:59, the Friday window past midnight
    [InlineData(11, 7, 5, 0, "ann", "base")] // Saturday 06:00
    [InlineData(11, 9, 8, 0, "eve", "business hours")] // next Monday: base has moved to ben, the later layer still wins
    public void OnCallAt_Layers_LaterLayerWinsWhereItHasSomeoneOnCall(int month, int day, int hour, int minute, string expected, string source)
    {
        var onCall = RotationSchedule.OnCallAt(Layered(), Utc(month, day, hour, minute));

        onCall.PersonIds.ShouldBe([expected]);
        onCall.Source.ShouldBe(source);
    }

    [Fact]
    public void OnCallAt_Override_WinsOverEveryLayerOnlyWhileItLasts()
    {
        var rotation = Layered() with { Overrides = [new RotationOverride { PersonId = "zoe", From = Utc(11, 3, 9, 0), To = Utc(11, 3, 12, 0) }] };

        RotationSchedule.OnCallAt(rotation, Utc(11, 3, 8, 59)).PersonIds.ShouldBe(["eve"]);
        var covered = RotationSchedule.OnCallAt(rotation, Utc(11, 3, 9, 0));
        covered.PersonIds.ShouldBe(["zoe"]);
        covered.Source.ShouldBe("override");
        RotationSchedule.OnCallAt(rotation, Utc(11, 3, 12, 0)).PersonIds.ShouldBe(["eve"]);
    }

    [Fact]
    public void Validate_BadRotation_NamesEachField()
    {
        var rotation = new Rotation
        {
            Id = "bad",
            TimeZone = "Mars/Olympus",
            Layers =
            [
                new RotationLayer { Members = [], Length = "fortnightly", Start = "02/11/2026", HandoffTime = "25:00", Restrictions = [new RotationRestriction { Days = ["funday"], From = "9", To = "17:00" }] },
            ],
            Overrides = [new RotationOverride { PersonId = "zoe", From = Utc(11, 3, 12, 0), To = Utc(11, 3, 9, 0) }],
        };

        var fields = RotationSchedule.Validate(rotation).Select(e => e.Field).ToList();

        fields.ShouldBe(
            ["timeZone", "layers[0].members", "layers[0].length", "layers[0].start", "layers[0].handoffTime", "layers[0].restrictions[0].from", "layers[0].restrictions[0].days", "overrides[0].to"],
            ignoreOrder: true);
    }

    [Fact]
    public async Task ResolveAsync_RotationTarget_ReturnsThePersonOnCallFromTheirDocument()
    {
        await using var harness = new ActivityHarness();
        await harness.AddPersonAsync("ann");
        await harness.AddPersonAsync("ben");
        await new RotationStore(harness.Documents).PutAsync(Weekly(), null, TestContext.Current.CancellationToken);
        var resolver = (IRecipientResolver)harness.Services.GetService(typeof(IRecipientResolver))!;

        var now = await resolver.ResolveAsync(NotificationTarget.Parse("rotation:l2"), new RecipientContext(Utc(11, 10, 12, 0)), TestContext.Current.CancellationToken);
        var unknown = await resolver.ResolveAsync(NotificationTarget.Parse("rotation:nope"), new RecipientContext(Utc(11, 10, 12, 0)), TestContext.Current.CancellationToken);

        now.ShouldHaveSingleItem().Email.ShouldBe("ben@example.com");
        unknown.ShouldBeEmpty();
    }
}
