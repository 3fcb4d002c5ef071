namespace Orchestrator.Activities.Accounts;

/// <summary>
/// What a segment means: the bed range that puts a customer in it, how it is looked after (<c>dedicated</c>, <c>shared</c>,
/// <c>virtual</c> or <c>self-service</c> CSM) and how often it gets check-ins and reviews.
/// </summary>
public sealed record SegmentPolicy
{
    public required string Segment { get; init; }

    /// <summary>The fewest beds in the segment.</summary>
    public required int MinBeds { get; init; }

    /// <summary>The most beds in the segment; null = no upper bound.</summary>
    public int? MaxBeds { get; init; }

    public required string CsmModel { get; init; }

    /// <summary>How often check-ins come, in words (<c>weekly</c>); <see cref="CheckInEvery"/> is the interval it names.</summary>
    public required string CheckIns { get; init; }

    /// <summary>How often reviews come, in words (<c>monthly</c>); <see cref="ReviewEvery"/> is the interval it names.</summary>
    public required string Reviews { get; init; }

    public Cadence CheckInEvery => Cadence.FromWord(CheckIns);

    public Cadence ReviewEvery => Cadence.FromWord(Reviews);

    /// <summary>The bed range as people write it: <c>500+</c>, <c>50-499</c>, <c>&lt;10</c>.</summary>
    public string Beds => MaxBeds is not { } max ? $"{MinBeds}+" : MinBeds == 0 ? $"<{max + 1}" : $"{MinBeds}-{max}";

    public bool Fits(int beds) => beds >= MinBeds && (MaxBeds is null || beds <= MaxBeds);

    /// <summary>The range in words, for messages: <c>500 or more beds</c>, <c>50 to 499 beds</c>, <c>fewer than 10 beds</c>.</summary>
    public string BedsInWords => MaxBeds is not { } max ? $"{MinBeds} or more beds" : MinBeds == 0 ? $"fewer than {max + 1} beds" : $"{MinBeds} to {max} beds";

    /// <summary>
    /// The <paramref name="n"/>-th check-in counted from the kickoff (1 = the first), in UTC: weekly and bi-weekly ones are
    /// n × 7 or 14 days after the kickoff instant; monthly and quarterly ones keep the kickoff's UTC time of day and day of
    /// month, clamped to the month's last day.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="n"/> is negative or the date is past year 9999.</exception>
    public DateTimeOffset CheckInAt(DateTimeOffset kickoff, int n) => CheckInEvery.After(kickoff.ToUniversalTime(), n);

    /// <summary>
    /// The <paramref name="n"/>-th review counted from the contract start (1 = the first): 09:00 UTC on the contract start's
    /// day of month, clamped to the month's last day, n review intervals after the start.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="n"/> is negative or the date is past year 9999.</exception>
    public DateTimeOffset ReviewAt(DateOnly contractStart, int n) =>
        ReviewEvery.After(new DateTimeOffset(contractStart, ReviewTimeOfDay, TimeSpan.Zero), n);

    /// <summary>Reviews are held at 09:00 UTC.</summary>
    public static TimeOnly ReviewTimeOfDay { get; } = new(9, 0);
}

/// <summary>
/// The segment policy table, the one place that says which bed count makes which segment and what each segment gets.
/// DOMAIN gives the ranges as 500+, 50-500, 10-50 and &lt;10; the shared ends belong to the larger segment, so the
/// ranges do not overlap: 500 beds and up is Enterprise, 50-499 Regional, 10-49 Mid-market, 0-9 Small.
/// </summary>
public static class SegmentPolicies
{
    public static IReadOnlyList<SegmentPolicy> All { get; } =
    [
        new() { Segment = AccountSegments.Enterprise, MinBeds = 500, CsmModel = "dedicated", CheckIns = "weekly", Reviews = "monthly" },
        new() { Segment = AccountSegments.Regional, MinBeds = 50, MaxBeds = 499, CsmModel = "shared", CheckIns = "bi-weekly", Reviews = "quarterly" },
        new() { Segment = AccountSegments.MidMarket, MinBeds = 10, MaxBeds = 49, CsmModel = "virtual", CheckIns = "monthly", Reviews = "semi-annual" },
        new() { Segment = AccountSegments.Small, MinBeds = 0, MaxBeds = 9, CsmModel = "self-service", CheckIns = "quarterly", Reviews = "annual" },
    ];

    /// <summary>The policy of a segment (any spelling <see cref="AccountSegments.Normalise"/> accepts); null when unknown.</summary>
    public static SegmentPolicy? For(string? segment) =>
        AccountSegments.Normalise(segment) is { } canonical ? All.First(p => p.Segment == canonical) : null;

    /// <summary>The policy whose bed range holds <paramref name="beds"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="beds"/> is negative.</exception>
    public static SegmentPolicy ForBeds(int beds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(beds);
        return All.First(p => p.Fits(beds));
    }

    /// <summary>
    /// Why <paramref name="segment"/> does not fit <paramref name="beds"/> (<c>Enterprise needs 500 or more beds; 120 beds
    /// is Regional</c>); null when it fits.
    /// </summary>
    public static string? Mismatch(SegmentPolicy segment, int beds)
    {
        if (segment.Fits(beds))
        {
            return null;
        }

        var count = beds == 1 ? "1 bed" : $"{beds} beds";
        return $"{segment.Segment} needs {segment.BedsInWords}; {count} is {ForBeds(beds).Segment}";
    }
}
