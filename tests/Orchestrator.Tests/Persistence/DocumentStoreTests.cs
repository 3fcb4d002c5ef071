using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Tests.Persistence;

/// <summary>The document store on a real database: create, conditional replace, conflicts, list order, delete.</summary>
public abstract class DocumentStoreContract
{
    private protected abstract Task<SqliteHost> StartAsync();

    [Fact]
    public async Task Put_ThenGet_ReturnsTheBodyAtRevisionOne()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartAsync();
        var store = host.Services.GetRequiredService<IDocumentStore>();

        var stored = await store.PutAsync("calendar", "sg-l1", new JsonObject { ["timeZone"] = "Asia/Singapore" }, 0, token);

        stored.Revision.ShouldBe(1);
        var read = (await store.GetAsync("calendar", "sg-l1", token)).ShouldNotBeNull();
        read.Body["timeZone"]!.GetValue<string>().ShouldBe("Asia/Singapore");
        read.Revision.ShouldBe(1);
        read.UpdatedAt.ShouldBe(host.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Put_WithAStaleRevision_ThrowsAndKeepsTheStoredBody()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartAsync();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.PutAsync("person", "alice", new JsonObject { ["name"] = "Alice" }, cancellationToken: token);
        await store.PutAsync("person", "alice", new JsonObject { ["name"] = "Alice Tan" }, 1, token);

        var conflict = await Should.ThrowAsync<DocumentConflictException>(async () => await store.PutAsync("person", "alice", new JsonObject { ["name"] = "Stale" }, 1, token));

        conflict.ActualRevision.ShouldBe(2);
        conflict.Message.ShouldBe("person 'alice' is at revision 2, not 1");
        (await store.GetAsync("person", "alice", token)).ShouldNotBeNull().Body["name"]!.GetValue<string>().ShouldBe("Alice Tan");
        await Should.ThrowAsync<DocumentConflictException>(async () => await store.PutAsync("person", "alice", [], 0, token));
    }

    [Fact]
    public async Task List_ReturnsOnlyTheKindInIdOrder_AndDeleteRemoves()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartAsync();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.PutAsync("rotation", "b", [], cancellationToken: token);
        await store.PutAsync("rotation", "a", [], cancellationToken: token);
        await store.PutAsync("person", "a", [], cancellationToken: token);

        (await store.ListAsync("rotation", token)).Select(d => d.Id).ShouldBe(["a", "b"]);
        (await store.DeleteAsync("rotation", "a", token)).ShouldBeTrue();
        (await store.DeleteAsync("rotation", "a", token)).ShouldBeFalse();
        (await store.ListAsync("rotation", token)).Select(d => d.Id).ShouldBe(["b"]);
        (await store.GetAsync("person", "a", token)).ShouldNotBeNull();
    }
}

public sealed class SqliteDocumentStoreTests : DocumentStoreContract, IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"orchestrator-{Guid.NewGuid():N}.db");

    private protected override Task<SqliteHost> StartAsync() => SqliteHost.StartAsync(_file);

    public ValueTask DisposeAsync() => SqliteHost.DeleteDatabaseAsync(_file);
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresDocumentStoreTests(PostgresServer server) : DocumentStoreContract
{
    private protected override async Task<SqliteHost> StartAsync() => await SqliteHost.StartWithConnectionAsync(await server.CreateDatabaseAsync());
}
