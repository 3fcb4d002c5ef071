using Npgsql;
using Orchestrator.Persistence;

namespace Orchestrator.Tests.Persistence;

/// <summary>Which database a connection string names, and what is added to it.</summary>
public sealed class DatabaseOptionsTests
{
    [Fact]
    public void From_PostgresWithoutAPoolSize_BoundsEachPoolBelowTheServersDefaultLimit()
    {
        var options = DatabaseOptions.From("Host=127.0.0.1;Port=5432;Username=postgres;Database=orchestrator");

        options.Provider.ShouldBe(DatabaseProvider.Postgres);
        var parsed = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        parsed.MaxPoolSize.ShouldBe(DatabaseOptions.DefaultPostgresPoolSize);
        parsed.Host.ShouldBe("127.0.0.1");
        parsed.Database.ShouldBe("orchestrator");
    }

    [Theory]
    [InlineData("Maximum Pool Size")]
    [InlineData("maximum pool size")]
    [InlineData("MaxPoolSize")]
    public void From_PostgresWithItsOwnPoolSize_KeepsIt(string keyword)
    {
        var connectionString = $"Host=127.0.0.1;Username=postgres;Database=orchestrator;{keyword}=7";

        var options = DatabaseOptions.From(connectionString);

        options.ConnectionString.ShouldBe(connectionString);
        new NpgsqlConnectionStringBuilder(options.ConnectionString).MaxPoolSize.ShouldBe(7);
    }
}
