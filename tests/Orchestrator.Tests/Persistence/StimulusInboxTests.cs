using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Stimuli;

namespace Orchestrator.Tests.Persistence;

/// <summary>The stimulus inbox on a real database: a repeated dedupe key, the undelivered lookups redelivery asks, delivery marks.</summary>
public abstract class StimulusInboxContract
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    private protected abstract Task<SqliteHost> StartAsync();

    [Fact]
    public async Task AddOrGet_SameDedupeKeyTwice_KeepsTheFirst()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartAsync();
        var inbox = host.Services.GetRequiredService<IStimulusInbox>();

        var first = await inbox.AddOrGetAsync(Ticket("s1", "ZD-1", Noon) with { Payload = new JsonObject { ["n"] = 1 } }, token);
        var again = await inbox.AddOrGetAsync(Ticket("s2", "ZD-1", Noon.AddSeconds(1)) with { DedupeKey = first.DedupeKey }, token);

        again.Id.ShouldBe("s1");
        again.Payload!["n"]!.GetValue<int>().ShouldBe(1);
        (await inbox.FindAsync("s2", token)).ShouldBeNull();
    }

    [Fact]
    public async Task FindUndelivered_AnswersOnlyMatchingUndeliveredStimuliInsideTheWindowInArrivalOrder()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartAsync();
        var inbox = host.Services.GetRequiredService<IStimulusInbox>();
        await inbox.AddOrGetAsync(Ticket("late", "ZD-1", Noon.AddMinutes(2)), token);
        await inbox.AddOrGetAsync(Ticket("early", "ZD-1", Noon.AddMinutes(1)), token);
        await inbox.AddOrGetAsync(Ticket("other-ticket", "ZD-2", Noon.AddMinutes(1)), token);
        await inbox.AddOrGetAsync(Ticket("too-old", "ZD-1", Noon.AddMinutes(-5)), token);
        await inbox.AddOrGetAsync(Ticket("delivered", "ZD-1", Noon.AddMinutes(1)), token);
        await inbox.MarkDeliveredAsync("delivered", Noon.AddMinutes(3), token);
        await inbox.AddOrGetAsync(new Stimulus("event", StimulusKind.Event, "approved", null, null, "event\napproved\n1", Noon.AddMinutes(1)), token);
        await inbox.AddOrGetAsync(new Stimulus("ack", StimulusKind.Bookmark, "Orchestrator.Acknowledge", null, null, "bookmark\nack\n1", Noon.AddMinutes(1)) { Key = "esc-1" }, token);

        (await inbox.FindUndeliveredAsync(StimulusKind.TicketEvent, string.Empty, Noon, "ZD-1", token)).Select(s => s.Id).ShouldBe(["early", "late"]);
        (await inbox.FindUndeliveredAsync(StimulusKind.TicketEvent, string.Empty, Noon, cancellationToken: token)).Select(s => s.Id).ShouldBe(["early", "other-ticket", "late"]);
        (await inbox.FindUndeliveredAsync(StimulusKind.TicketEvent, "ticket.status_changed", Noon, "ZD-1", token)).ShouldBeEmpty();
        (await inbox.FindUndeliveredAsync(StimulusKind.Event, "approved", Noon, cancellationToken: token)).ShouldHaveSingleItem().Id.ShouldBe("event");
        (await inbox.FindUndeliveredAsync(StimulusKind.Bookmark, "Orchestrator.Acknowledge", Noon, "esc-1", token)).ShouldHaveSingleItem().Id.ShouldBe("ack");
        (await inbox.FindUndeliveredAsync(StimulusKind.Bookmark, "Orchestrator.Acknowledge", Noon, "esc-2", token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task MarkDelivered_RecordsTheTimeAndTakesItOutOfRedelivery()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartAsync();
        var inbox = host.Services.GetRequiredService<IStimulusInbox>();
        await inbox.AddOrGetAsync(Ticket("s1", "ZD-7", Noon), token);

        await inbox.MarkDeliveredAsync("s1", Noon.AddSeconds(2), token);

        (await inbox.FindAsync("s1", token)).ShouldNotBeNull().DeliveredAt.ShouldBe(Noon.AddSeconds(2));
        (await inbox.FindUndeliveredAsync(StimulusKind.TicketEvent, string.Empty, Noon.AddMinutes(-1), "ZD-7", token)).ShouldBeEmpty();
        (await inbox.ListUndeliveredAsync(Noon.AddMinutes(-1), token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListUndelivered_NeverTriedAtAnyAgeAndTriedOnlyInsideTheWindow()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await StartAsync();
        var inbox = host.Services.GetRequiredService<IStimulusInbox>();
        await inbox.AddOrGetAsync(Ticket("old-never-tried", "ZD-1", Noon.AddHours(-3)), token);
        await inbox.AddOrGetAsync(Ticket("old-tried", "ZD-2", Noon.AddHours(-2)), token);
        await inbox.AddOrGetAsync(Ticket("recent-tried", "ZD-3", Noon.AddSeconds(10)), token);
        await inbox.AddOrGetAsync(Ticket("old-delivered", "ZD-4", Noon.AddHours(-1)), token);
        await inbox.MarkAttemptedAsync("old-tried", token);
        await inbox.MarkAttemptedAsync("recent-tried", token);
        await inbox.MarkDeliveredAsync("old-delivered", Noon, token);
        await inbox.MarkAttemptedAsync("old-delivered", token);

        var undelivered = await inbox.ListUndeliveredAsync(Noon, token);

        undelivered.Select(s => s.Id).ShouldBe(["old-never-tried", "recent-tried"]);
        undelivered.Select(s => s.Attempts).ShouldBe([0, 1]);
        (await inbox.FindAsync("old-delivered", token)).ShouldNotBeNull().Attempts.ShouldBe(1);
    }

    private static Stimulus Ticket(string id, string ticketId, DateTimeOffset receivedAt) =>
        new(id, StimulusKind.TicketEvent, "ticket.priority_changed", ticketId, null, $"ticket\n{id}", receivedAt) { Key = ticketId };
}

public sealed class SqliteStimulusInboxTests : StimulusInboxContract, IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"orchestrator-{Guid.NewGuid():N}.db");

    private protected override Task<SqliteHost> StartAsync() => SqliteHost.StartAsync(_file);

    public ValueTask DisposeAsync() => SqliteHost.DeleteDatabaseAsync(_file);
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresStimulusInboxTests(PostgresServer server) : StimulusInboxContract
{
    private protected override async Task<SqliteHost> StartAsync() => await SqliteHost.StartWithConnectionAsync(await server.CreateDatabaseAsync());
}
