using Microsoft.EntityFrameworkCore;
using Orchestrator.Persistence;

namespace Orchestrator.Tests.Persistence;

/// <summary>The schema in code and the migrations of both providers agree, so a model change without a migration fails here.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void SqliteMigrations_CoverTheModel()
    {
        using var context = new SqliteDesignTimeFactory().CreateDbContext([]);
        context.Database.HasPendingModelChanges().ShouldBeFalse();
    }

    [Fact]
    public void PostgresMigrations_CoverTheModel()
    {
        using var context = new PostgresDesignTimeFactory().CreateDbContext([]);
        context.Database.HasPendingModelChanges().ShouldBeFalse();
    }
}
