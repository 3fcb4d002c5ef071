using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Tests.Storage;

public sealed class InMemoryDocumentStoreTests
{
    [Fact]
    public async Task Put_IsConditionalOnTheRevision_AndReturnsCopies()
    {
        var token = TestContext.Current.CancellationToken;
        var store = new InMemoryDocumentStore(new FakeTimeProvider());
        var body = new JsonObject { ["name"] = "Alice" };
        await store.PutAsync("person", "alice", body, 0, token);
        body["name"] = "changed after the write";

        var read = (await store.GetAsync("person", "alice", token)).ShouldNotBeNull();
        read.Body["name"]!.GetValue<string>().ShouldBe("Alice");
        read.Body["name"] = "changed after the read";
        (await store.GetAsync("person", "alice", token)).ShouldNotBeNull().Body["name"]!.GetValue<string>().ShouldBe("Alice");
        await Should.ThrowAsync<DocumentConflictException>(async () => await store.PutAsync("person", "alice", [], 0, token));
        (await store.PutAsync("person", "alice", [], 1, token)).Revision.ShouldBe(2);
    }
}
