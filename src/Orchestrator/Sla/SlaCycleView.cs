using System.Text.Json.Nodes;

namespace Orchestrator.Sla;

/// <summary>One SLA cycle as the API shows it, with its timeline steps (<c>type</c>, <c>at</c>, elapsed minutes, notes).</summary>
internal sealed record SlaCycleView(
    string Id,
    string TimerId,
    string InstanceId,
    string ActivityId,
    string? DefinitionId,
    string TicketId,
    string Metric,
    string Priority,
    string? Tier,
    string CalendarId,
    double TargetMinutes,
    int Cycle,
    string Status,
    bool Open,
    DateTimeOffset StartedAt,
    DateTimeOffset? DeadlineAt,
    DateTimeOffset? MetAt,
    DateTimeOffset? BreachedAt,
    DateTimeOffset? BreachTheoreticalAt,
    DateTimeOffset? EndedAt,
    double BusinessElapsedMinutes,
    double WallClockElapsedMinutes,
    double PausedMinutes,
    string? BreachReason,
    DateTimeOffset UpdatedAt,
    JsonArray Steps)
{
    public static SlaCycleView From(SlaCycleRow r) => new(
        r.Id, r.TimerId, r.InstanceId, r.ActivityId, r.DefinitionId, r.TicketId, r.Metric, r.Priority, r.Tier, r.CalendarId, r.TargetMinutes, r.Cycle,
        r.Status, r.IsOpen, Instant(r.StartedAt), Instant(r.DeadlineAt), Instant(r.MetAt), Instant(r.BreachedAt), Instant(r.BreachTheoreticalAt),
        Instant(r.EndedAt), r.BusinessElapsedMinutes, r.WallClockElapsedMinutes, r.PausedMinutes, r.BreachReason, Instant(r.UpdatedAt),
        JsonNode.Parse(r.Steps) as JsonArray ?? []);

    public static DateTimeOffset Instant(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset? Instant(long? ticks) => ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null;
}
