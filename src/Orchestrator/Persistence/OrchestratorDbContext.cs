using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Orchestrator.Persistence;

/// <summary>
/// The schema, shared by both providers. Each provider has its own subclass so its migrations live apart
/// (<c>Migrations/Sqlite</c>, <c>Migrations/Postgres</c>). Names are snake_case so raw SQL reads the same on both.
/// </summary>
internal abstract class OrchestratorDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<DefinitionRecord> Definitions => Set<DefinitionRecord>();

    public DbSet<InstanceRecord> Instances => Set<InstanceRecord>();

    public DbSet<BookmarkRecord> Bookmarks => Set<BookmarkRecord>();

    public DbSet<TriggerRecord> Triggers => Set<TriggerRecord>();

    public DbSet<JournalRecord> Journal => Set<JournalRecord>();

    public DbSet<IncidentRecord> Incidents => Set<IncidentRecord>();

    public DbSet<StimulusRecord> Stimuli => Set<StimulusRecord>();

    public DbSet<OutboxRecord> Outbox => Set<OutboxRecord>();

    public DbSet<OutboxAttemptRecord> OutboxAttempts => Set<OutboxAttemptRecord>();

    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();

    public DbSet<DocumentRecord> Documents => Set<DocumentRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DefinitionRecord>(e =>
        {
            e.ToTable("workflow_definitions");
            e.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
            e.HasIndex(x => x.ActivityTypeName);
        });
        modelBuilder.Entity<InstanceRecord>(e =>
        {
            e.ToTable("workflow_instances");
            e.HasIndex(x => new { x.DefinitionId, x.SubStatus });
            e.HasIndex(x => x.CorrelationId);
            e.HasIndex(x => x.CreatedAt);
            e.HasIndex(x => x.ParentInstanceId);
        });
        modelBuilder.Entity<BookmarkRecord>(e =>
        {
            e.ToTable("bookmarks");
            e.HasIndex(x => new { x.Name, x.Hash });
            e.HasIndex(x => x.DueAt);
            e.HasIndex(x => x.InstanceId);
        });
        modelBuilder.Entity<TriggerRecord>(e =>
        {
            e.ToTable("triggers");
            e.HasIndex(x => new { x.Name, x.Hash });
            e.HasIndex(x => x.DefinitionId);
        });
        modelBuilder.Entity<JournalRecord>(e =>
        {
            e.ToTable("journal");
            e.HasIndex(x => new { x.InstanceId, x.FirstSequence });
        });
        modelBuilder.Entity<IncidentRecord>(e =>
        {
            e.ToTable("incidents");
            e.HasIndex(x => x.InstanceId);
        });
        modelBuilder.Entity<StimulusRecord>(e =>
        {
            e.ToTable("stimuli");
            e.HasIndex(x => x.DedupeKey).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });

            // Every new bookmark asks whether an early stimulus waits for it: these keep that question off a table scan.
            e.HasIndex(x => new { x.Kind, x.Key }, "ix_stimuli_undelivered_kind_key").HasFilter("delivered_at IS NULL");
            e.HasIndex(x => new { x.Kind, x.Name }, "ix_stimuli_undelivered_kind_name").HasFilter("delivered_at IS NULL");
        });
        modelBuilder.Entity<DocumentRecord>(e =>
        {
            e.ToTable("documents");
            e.HasKey(x => new { x.Kind, x.Id });
        });
        modelBuilder.Entity<OutboxRecord>(e =>
        {
            e.ToTable("outbox");
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.ProviderId);
        });
        modelBuilder.Entity<OutboxAttemptRecord>(e =>
        {
            e.ToTable("outbox_attempts");
            e.HasIndex(x => x.OutboxId);
        });
        modelBuilder.Entity<ApiKeyRecord>(e =>
        {
            e.ToTable("api_keys");
            e.HasIndex(x => x.KeyHash).IsUnique();
        });
        Tasks.HumanTaskModel.Configure(modelBuilder);
        Sla.SlaCycleModel.Configure(modelBuilder);

        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName($"ix_{entity.GetTableName()}_{string.Join("_", index.Properties.Select(p => SnakeCase(p.Name)))}");
            }

            entity.FindPrimaryKey()?.SetName($"pk_{entity.GetTableName()}");
        }
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}

internal sealed class SqliteOrchestratorDbContext(DbContextOptions<SqliteOrchestratorDbContext> options) : OrchestratorDbContext(options);

internal sealed class PostgresOrchestratorDbContext(DbContextOptions<PostgresOrchestratorDbContext> options) : OrchestratorDbContext(options);
