using Microsoft.EntityFrameworkCore;

namespace Orchestrator.Sla;

/// <summary>
/// A row of <c>sla_cycles</c>: one cycle of one SLA timer as of its last step. Times are UTC ticks (both providers order
/// and compare them natively); <see cref="Steps"/> is the cycle's timeline as a JSON array.
/// </summary>
internal sealed class SlaCycleRow
{
    public required string Id { get; set; }

    public required string TimerId { get; set; }

    public required string InstanceId { get; set; }

    public required string ActivityId { get; set; }

    public string? DefinitionId { get; set; }

    public required string TicketId { get; set; }

    public required string Metric { get; set; }

    public required string Priority { get; set; }

    public string? Tier { get; set; }

    public required string CalendarId { get; set; }

    public double TargetMinutes { get; set; }

    public int Cycle { get; set; }

    /// <summary>running, paused, met, breached or ended (see <c>SlaCycleRecord</c>).</summary>
    public required string Status { get; set; }

    /// <summary>Still counting or paused: neither stopped by the ticket nor ended by a restart. A breached cycle stays open until the ticket is solved.</summary>
    public bool IsOpen { get; set; }

    public long StartedAt { get; set; }

    public long? DeadlineAt { get; set; }

    public long? MetAt { get; set; }

    public long? BreachedAt { get; set; }

    public long? BreachTheoreticalAt { get; set; }

    public long? EndedAt { get; set; }

    public double BusinessElapsedMinutes { get; set; }

    public double WallClockElapsedMinutes { get; set; }

    public double PausedMinutes { get; set; }

    public string? BreachReason { get; set; }

    public required string Steps { get; set; }

    public long UpdatedAt { get; set; }
}

internal static class SlaCycleModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<SlaCycleRow>(e =>
        {
            e.ToTable("sla_cycles");
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => x.TicketId);
            e.HasIndex(x => x.MetAt);
            e.HasIndex(x => x.BreachedAt);
            e.HasIndex(x => x.IsOpen);
            e.HasIndex(x => x.UpdatedAt); // the dashboard reads cycles open or changed within its period
        });
}
