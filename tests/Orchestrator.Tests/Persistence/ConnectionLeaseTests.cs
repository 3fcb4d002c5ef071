using System.Data;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Persistence;

namespace Orchestrator.Tests.Persistence;

/// <summary>Hot-path connections: on SQLite kept open with their statements prepared, handed out again, closed when discarded.</summary>
public sealed class ConnectionLeaseTests : IAsyncDisposable
{
    private const string CountSql = "SELECT COUNT(*) FROM workflow_instances WHERE definition_id = @definition_id";

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"orchestrator-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Rent_AfterAReturn_HandsOutTheSameOpenConnectionWithItsCommandKept()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file);
        var database = host.Services.GetRequiredService<Database>();

        System.Data.Common.DbConnection first;
        System.Data.Common.DbCommand command;
        await using (var lease = await database.RentAsync(token))
        {
            first = lease.Connection;
            command = lease.Command(CountSql, null, "@definition_id");
            command.Set("@definition_id", "none");
            Convert.ToInt64(await command.ExecuteScalarAsync(token), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(0L);
        }

        await using var again = await database.RentAsync(token);

        again.Connection.ShouldBeSameAs(first);
        again.Connection.State.ShouldBe(ConnectionState.Open);
        again.Command(CountSql, null, "@definition_id").ShouldBeSameAs(command);
    }

    [Fact]
    public async Task Rent_WhileAnotherIsOut_OpensASecondConnection()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file);
        var database = host.Services.GetRequiredService<Database>();

        await using var first = await database.RentAsync(token);
        await using var second = await database.RentAsync(token);

        second.Connection.ShouldNotBeSameAs(first.Connection);
    }

    [Fact]
    public async Task Dispose_Discarded_ClosesTheConnectionAndTheNextRentOpensAnother()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(_file);
        var database = host.Services.GetRequiredService<Database>();
        var lease = await database.RentAsync(token);
        var discarded = lease.Connection;

        lease.Discard();
        await lease.DisposeAsync();

        discarded.State.ShouldBe(ConnectionState.Closed);
        await using var next = await database.RentAsync(token);
        next.Connection.ShouldNotBeSameAs(discarded);
    }

    [Fact]
    public async Task DatabaseDisposed_KeptConnectionsAreClosed()
    {
        var token = TestContext.Current.CancellationToken;
        System.Data.Common.DbConnection kept;
        await using (var host = await SqliteHost.StartAsync(_file))
        {
            var database = host.Services.GetRequiredService<Database>();
            await using (var lease = await database.RentAsync(token))
            {
                kept = lease.Connection;
            }

            kept.State.ShouldBe(ConnectionState.Open);
        }

        kept.State.ShouldBe(ConnectionState.Closed);
    }

    public ValueTask DisposeAsync() => SqliteHost.DeleteDatabaseAsync(_file);
}
