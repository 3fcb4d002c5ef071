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
}
