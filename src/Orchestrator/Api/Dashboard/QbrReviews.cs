using Microsoft.EntityFrameworkCore;
using Orchestrator.Activities.Tasks;
using Orchestrator.Persistence;
using Orchestrator.Tasks;

namespace Orchestrator.Api.Dashboard;

/// <summary>A QBR review that was not held by its due time: completed late (<see cref="CompletedAt"/>) or not at all.</summary>
internal sealed record QbrReviewMissed(string TaskId, string InstanceId, string? AccountId, string Title, DateTimeOffset DueAt, DateTimeOffset? CompletedAt, string Status);

/// <summary>QBR reviews decided in the period: held on time, completed late, not held; the share on time is null with none.</summary>
internal sealed record QbrReviewsView(int Reviews, int OnTime, int Late, int NotHeld, double? OnTimePercent, IReadOnlyList<QbrReviewMissed> NotOnTime);

/// <summary>
/// QBRs held on time. A QBR review is a task of the <c>review</c> activity of a QBR cadence (a definition whose id starts
/// with <c>qbr</c>, as the shipped <c>qbr-cadence</c>); its preparation and follow-up tasks are not reviews, cancelled
/// reviews and reviews without a due time do not count. A review is on time when completed at or before its due time.
/// It counts in the period in which it was decided: an on-time review when it was completed, any other when its due
/// time passed, so each review counts once.
/// </summary>
internal static class QbrReviews
{
    public const string DefinitionPrefix = "qbr";

    public const string ReviewActivityId = "review";

    public const int ListLimit = 50;

    public static async Task<QbrReviewsView> ReadAsync(OrchestratorDbContext db, long since, long now, CancellationToken cancellationToken)
    {
        var reviews = await db.Set<HumanTaskRecord>().AsNoTracking()
            .Where(t => t.DefinitionId != null && t.DefinitionId.StartsWith(DefinitionPrefix) && t.ActivityId == ReviewActivityId
                && t.Status != HumanTaskStatus.Cancelled && t.DueAt != null
                && ((t.CompletedAt != null && t.CompletedAt >= since && t.CompletedAt <= t.DueAt) || (t.DueAt >= since && t.DueAt <= now)))
            .ToListAsync(cancellationToken);

        // A review completed on time earlier than the period, or late, is decided at its due time: keep those due in it.
        var decided = reviews.Where(t => OnTime(t) ? t.CompletedAt >= since : t.DueAt >= since && t.DueAt <= now).ToList();
        var onTime = decided.Count(OnTime);
        var late = decided.Count(t => t.Status == HumanTaskStatus.Completed && !OnTime(t));
        return new QbrReviewsView(
            decided.Count,
            onTime,
            late,
            decided.Count - onTime - late,
            decided.Count == 0 ? null : Math.Round(100.0 * onTime / decided.Count, 1),
            [.. decided.Where(t => !OnTime(t)).OrderByDescending(t => t.DueAt).Take(ListLimit)
                .Select(t => new QbrReviewMissed(t.Id, t.InstanceId, t.AccountId, t.Title, Instant(t.DueAt!.Value), t.CompletedAt is { } c ? Instant(c) : null, t.Status))]);
    }

    private static bool OnTime(HumanTaskRecord t) => t.Status == HumanTaskStatus.Completed && t.CompletedAt <= t.DueAt;

    private static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);
}
