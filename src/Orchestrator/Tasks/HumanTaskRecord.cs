using Microsoft.EntityFrameworkCore;

namespace Orchestrator.Tasks;

/// <summary>A row of <c>human_tasks</c>. Times are UTC ticks (both providers order and compare them natively).</summary>
internal sealed class HumanTaskRecord
{
    public required string Id { get; set; }

    public required string InstanceId { get; set; }

    public required string ActivityId { get; set; }

    public string? DefinitionId { get; set; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public required string OwnerPersonId { get; set; }

    public string? OwnerRole { get; set; }

    public string? AccountId { get; set; }

    public string? Phase { get; set; }

    public string? Milestone { get; set; }

    public long? DueAt { get; set; }

    public required string Status { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }

    public long? CompletedAt { get; set; }

    public string? CompletedBy { get; set; }

    public string? Comment { get; set; }

    /// <summary>The reassignment history as a JSON array of <c>{from, to, by, at, comment}</c>.</summary>
    public required string Reassignments { get; set; }
}

internal static class HumanTaskModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<HumanTaskRecord>(e =>
        {
            e.ToTable("human_tasks");
            e.HasIndex(x => new { x.OwnerPersonId, x.Status });
            e.HasIndex(x => x.InstanceId);
            e.HasIndex(x => x.AccountId);
            e.HasIndex(x => x.DueAt);
        });
}
