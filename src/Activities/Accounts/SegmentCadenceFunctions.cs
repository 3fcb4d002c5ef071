using System.Globalization;
using Orchestrator.Engine.Expressions.JavaScript;

namespace Orchestrator.Activities.Accounts;

/// <summary>
/// The segment cadences as JavaScript functions, so playbooks schedule check-ins and reviews from
/// <see cref="SegmentPolicies"/> instead of a table of their own: <c>segmentCheckInAt(segment, kickoff, n)</c> and
/// <c>segmentReviewAt(segment, contractStart, n)</c>, each answering an ISO 8601 UTC string
/// (<c>2026-02-28T10:00:00.000Z</c>, as <c>Date.prototype.toISOString</c> writes it).
/// </summary>
internal sealed class SegmentCadenceFunctions : IJavaScriptFunctions
{
    public const string CheckInAt = "segmentCheckInAt";
    public const string ReviewAt = "segmentReviewAt";

    public IEnumerable<JavaScriptFunction> Functions { get; } =
    [
        new(CheckInAt, 3, args => At(() => Policy(args[0]).CheckInAt(Kickoff(args[1]), Count(args[2])), args[2])),
        new(ReviewAt, 3, args => At(() => Policy(args[0]).ReviewAt(ContractStart(args[1]), Count(args[2])), args[2])),
    ];

    private static SegmentPolicy Policy(object? segment) =>
        SegmentPolicies.For(segment as string)
        ?? throw new JavaScriptFunctionException(
            $"segment must be one of {string.Join(", ", AccountSegments.All)}, got {Describe(segment)}");

    private static DateTimeOffset Kickoff(object? kickoff) => kickoff switch
    {
        DateTimeOffset instant => instant,
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) => instant,
        _ => throw new JavaScriptFunctionException(
            $"kickoff must be a Date or an ISO 8601 date and time (2026-01-05T09:00:00Z), got {Describe(kickoff)}"),
    };

    private static DateOnly ContractStart(object? contractStart) => contractStart switch
    {
        DateTimeOffset instant => DateOnly.FromDateTime(instant.UtcDateTime),
        string text when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) => date,
        _ => throw new JavaScriptFunctionException(
            $"contractStart must be a Date or a date as yyyy-MM-dd (2026-01-15), got {Describe(contractStart)}"),
    };

    private static int Count(object? n) => n switch
    {
        int count and >= 0 => count,
        _ => throw new JavaScriptFunctionException($"n must be a whole number of 0 or more, got {Describe(n)}"),
    };

    private static string At(Func<DateTimeOffset> compute, object? n)
    {
        try
        {
            return compute().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new JavaScriptFunctionException($"n must keep the date within year 9999, got {Describe(n)}", e);
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        string text => $"'{text}'",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "nothing",
    };
}
