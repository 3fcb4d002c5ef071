using Orchestrator.Activities.Accounts;

namespace Orchestrator.Activities.Tests.Accounts;

public sealed class SegmentPolicyTests
{
    [Theory]
    [InlineData(0, "Small")]
    [InlineData(9, "Small")]
    [InlineData(10, "Mid-market")]
    [InlineData(49, "Mid-market")]
    [InlineData(50, "Regional")]
    [InlineData(499, "Regional")]
    [InlineData(500, "Enterprise")]
    [InlineData(20_000, "Enterprise")]
    public void ForBeds_EachBoundary_ThatSegment(int beds, string segment) =>
        SegmentPolicies.ForBeds(beds).Segment.ShouldBe(segment);

    [Fact]
    public void ForBeds_Negative_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => SegmentPolicies.ForBeds(-1)).ParamName.ShouldBe("beds");

    [Fact]
    public void All_EveryBedCount_InExactlyOneSegment()
    {
        for (var beds = 0; beds <= 1_000; beds++)
        {
            SegmentPolicies.All.Count(p => p.Fits(beds)).ShouldBe(1, $"{beds} beds");
        }

        SegmentPolicies.All.Select(p => p.Segment).ShouldBe(AccountSegments.All);
    }

    [Theory]
    [InlineData("Enterprise", "500+", "dedicated", "weekly", "monthly")]
    [InlineData("Regional", "50-499", "shared", "bi-weekly", "quarterly")]
    [InlineData("Mid-market", "10-49", "virtual", "monthly", "semi-annual")]
    [InlineData("Small", "<10", "self-service", "quarterly", "annual")]
    public void For_Segment_BedRangeCsmModelAndCadences(string segment, string beds, string csmModel, string checkIns, string reviews)
    {
        var policy = SegmentPolicies.For(segment).ShouldNotBeNull();

        policy.Beds.ShouldBe(beds);
        policy.CsmModel.ShouldBe(csmModel);
        policy.CheckIns.ShouldBe(checkIns);
        policy.Reviews.ShouldBe(reviews);
    }

    [Fact]
    public void For_OtherSpellingOrUnknown_CanonicalPolicyOrNull()
    {
        SegmentPolicies.For("midmarket").ShouldNotBeNull().Segment.ShouldBe(AccountSegments.MidMarket);
        SegmentPolicies.For("Huge").ShouldBeNull();
        SegmentPolicies.For(null).ShouldBeNull();
    }

    [Theory]
    [InlineData("Enterprise", 499, "Enterprise needs 500 or more beds; 499 beds is Regional")]
    [InlineData("Enterprise", 120, "Enterprise needs 500 or more beds; 120 beds is Regional")]
    [InlineData("Regional", 500, "Regional needs 50 to 499 beds; 500 beds is Enterprise")]
    [InlineData("Regional", 49, "Regional needs 50 to 499 beds; 49 beds is Mid-market")]
    [InlineData("Mid-market", 50, "Mid-market needs 10 to 49 beds; 50 beds is Regional")]
    [InlineData("Mid-market", 9, "Mid-market needs 10 to 49 beds; 9 beds is Small")]
    [InlineData("Small", 10, "Small needs fewer than 10 beds; 10 beds is Mid-market")]
    [InlineData("Small", 1, null)]
    [InlineData("Enterprise", 500, null)]
    [InlineData("Regional", 50, null)]
    [InlineData("Regional", 499, null)]
    [InlineData("Mid-market", 10, null)]
    [InlineData("Mid-market", 49, null)]
    [InlineData("Small", 9, null)]
    public void Mismatch_SegmentAndBeds_NamesTheRangeAndTheSegmentTheBedsMake(string segment, int beds, string? expected) =>
        SegmentPolicies.Mismatch(SegmentPolicies.For(segment)!, beds).ShouldBe(expected);

    [Fact]
    public void Mismatch_OneBed_SaysBedNotBeds() =>
        SegmentPolicies.Mismatch(SegmentPolicies.For("Regional")!, 1).ShouldBe("Regional needs 50 to 499 beds; 1 bed is Small");

    [Theory]
    [InlineData("Enterprise", 7, CadenceUnit.Days, 1)]
    [InlineData("Regional", 14, CadenceUnit.Days, 3)]
    [InlineData("Mid-market", 1, CadenceUnit.Months, 6)]
    [InlineData("Small", 3, CadenceUnit.Months, 12)]
    public void CheckInEveryAndReviewEvery_Segment_TheIntervalsItsWordsName(string segment, int checkIns, CadenceUnit checkInUnit, int reviewMonths)
    {
        var policy = SegmentPolicies.For(segment)!;

        policy.CheckInEvery.ShouldBe(checkInUnit == CadenceUnit.Days ? Cadence.Days(checkIns) : Cadence.Months(checkIns));
        policy.ReviewEvery.ShouldBe(Cadence.Months(reviewMonths));
    }

    [Theory]
    [InlineData("Enterprise", 1, "2026-01-12T10:30:00Z")]
    [InlineData("Enterprise", 4, "2026-02-02T10:30:00Z")]
    [InlineData("Regional", 1, "2026-01-19T10:30:00Z")]
    [InlineData("Regional", 3, "2026-02-16T10:30:00Z")]
    [InlineData("Mid-market", 1, "2026-02-05T10:30:00Z")]
    [InlineData("Mid-market", 12, "2027-01-05T10:30:00Z")]
    [InlineData("Small", 1, "2026-04-05T10:30:00Z")]
    [InlineData("Small", 4, "2027-01-05T10:30:00Z")]
    public void CheckInAt_EachSegment_NthCheckInAtTheSegmentsInterval(string segment, int n, string expected) =>
        SegmentPolicies.For(segment)!.CheckInAt(At("2026-01-05T10:30:00Z"), n).ShouldBe(At(expected));

    [Theory]
    [InlineData("Mid-market", "2026-01-31T16:00:00Z", 1, "2026-02-28T16:00:00Z")]
    [InlineData("Mid-market", "2028-01-31T16:00:00Z", 1, "2028-02-29T16:00:00Z")]
    [InlineData("Mid-market", "2026-01-31T16:00:00Z", 2, "2026-03-31T16:00:00Z")]
    [InlineData("Small", "2026-11-30T16:00:00Z", 1, "2027-02-28T16:00:00Z")]
    [InlineData("Small", "2026-11-30T16:00:00Z", 2, "2027-05-30T16:00:00Z")]
    public void CheckInAt_MonthlyFromAMonthEnd_ClampsToTheLastDayWithoutPullingLaterOnesBack(string segment, string kickoff, int n, string expected) =>
        SegmentPolicies.For(segment)!.CheckInAt(At(kickoff), n).ShouldBe(At(expected));

    [Fact]
    public void CheckInAt_WeeklyFromAMonthEnd_CountsDaysNotMonths() =>
        SegmentPolicies.For("Enterprise")!.CheckInAt(At("2026-01-31T16:00:00Z"), 1).ShouldBe(At("2026-02-07T16:00:00Z"));

    [Fact]
    public void CheckInAt_KickoffWithAnOffset_CountsInUtc()
    {
        // 23:30 on Jan 31 in New York is 04:30 UTC on Feb 1: the monthly check-ins fall on the 1st.
        var kickoff = new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.FromHours(-5));

        var first = SegmentPolicies.For("Mid-market")!.CheckInAt(kickoff, 1);

        first.ShouldBe(At("2026-03-01T04:30:00Z"));
        first.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("Enterprise", "2026-01-15", 1, "2026-02-15T09:00:00Z")]
    [InlineData("Enterprise", "2026-01-31", 1, "2026-02-28T09:00:00Z")]
    [InlineData("Enterprise", "2026-01-31", 2, "2026-03-31T09:00:00Z")]
    [InlineData("Regional", "2026-11-30", 1, "2027-02-28T09:00:00Z")]
    [InlineData("Regional", "2026-01-15", 4, "2027-01-15T09:00:00Z")]
    [InlineData("Mid-market", "2027-08-31", 1, "2028-02-29T09:00:00Z")]
    [InlineData("Small", "2028-02-29", 1, "2029-02-28T09:00:00Z")]
    [InlineData("Small", "2028-02-29", 4, "2032-02-29T09:00:00Z")]
    public void ReviewAt_EachSegment_At0900UtcOnTheContractDayClampedToTheMonth(string segment, string contractStart, int n, string expected) =>
        SegmentPolicies.For(segment)!.ReviewAt(DateOnly.Parse(contractStart, System.Globalization.CultureInfo.InvariantCulture), n).ShouldBe(At(expected));

    [Fact]
    public void CheckInAtAndReviewAt_NegativeN_Throw()
    {
        var policy = SegmentPolicies.For("Small")!;

        Should.Throw<ArgumentOutOfRangeException>(() => policy.CheckInAt(At("2026-01-05T10:30:00Z"), -1)).ParamName.ShouldBe("n");
        Should.Throw<ArgumentOutOfRangeException>(() => policy.ReviewAt(new DateOnly(2026, 1, 5), -1)).ParamName.ShouldBe("n");
    }

    [Theory]
    [InlineData("weekly", 7, CadenceUnit.Days)]
    [InlineData("bi-weekly", 14, CadenceUnit.Days)]
    [InlineData("monthly", 1, CadenceUnit.Months)]
    [InlineData("quarterly", 3, CadenceUnit.Months)]
    [InlineData("semi-annual", 6, CadenceUnit.Months)]
    [InlineData("annual", 12, CadenceUnit.Months)]
    public void CadenceFromWord_EachWord_ThatInterval(string word, int count, CadenceUnit unit)
    {
        var cadence = Cadence.FromWord(word);

        cadence.Count.ShouldBe(count);
        cadence.Unit.ShouldBe(unit);
    }

    [Fact]
    public void CadenceFromWord_UnknownWord_ThrowsNamingTheWordsItKnows() =>
        Should.Throw<ArgumentException>(() => Cadence.FromWord("fortnightly")).Message
            .ShouldStartWith("'fortnightly' is not a cadence; use weekly, bi-weekly, monthly, quarterly, semi-annual or annual");

    [Fact]
    public void CadenceAfter_PastYear9999_ThrowsOutOfRange()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Cadence.Months(12).After(At("2026-01-05T10:30:00Z"), 8_000));
        Should.Throw<ArgumentOutOfRangeException>(() => Cadence.Days(14).After(At("2026-01-05T10:30:00Z"), int.MaxValue)).ParamName.ShouldBe("n");
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
