using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Orchestrator.Tests.Api;

namespace Orchestrator.Tests.Durability;

/// <summary>
/// The server process is killed with SIGKILL while a run waits on a timer, and started again on the same database:
/// the timer fires exactly once. This is the one place the real clock runs: a killed process cannot be handed a fake one,
/// so the test polls the API with a deadline instead of sleeping a fixed time.
/// </summary>
public abstract class KillAndRestartTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _dir = System.IO.Directory.CreateTempSubdirectory("orchestrator-kill-").FullName;

    protected string WorkDirectory => _dir;

    protected abstract Task<string> DatabaseAsync();

    [Fact]
    public async Task Delay_ServerKilledWhileWaiting_FiresExactlyOnceAfterRestart()
    {
        var token = TestContext.Current.CancellationToken;
        var database = await DatabaseAsync();
        var workflows = Directory.CreateDirectory(Path.Combine(_dir, "workflows")).FullName;
        string instanceId;
        using (var first = ServerProcess.Start(database, workflows, _dir))
        {
            using var client = first.Client();
            await WaitUntilAsync(async () => (await TryGetAsync(client, "/health", token))?.StatusCode == HttpStatusCode.OK, "the first server to answer /health", token);
            var saved = await client.PostAsync("/api/workflow-definitions?publish=true", new StringContent(DelayThenWrite, System.Text.Encoding.UTF8, "application/json"), token);
            saved.StatusCode.ShouldBe(HttpStatusCode.Created);
            var run = await client.PostAsync("/api/workflow-definitions/delay-5s/runs", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), token);
            run.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            instanceId = (await run.ReadJsonAsync())["instanceId"]!.GetValue<string>();
            var waiting = await client.GetJsonAsync($"/api/workflow-instances/{instanceId}");
            waiting["subStatus"]!.GetValue<string>().ShouldBe("Suspended");
            waiting["bookmarks"]!.AsArray().ShouldHaveSingleItem()!["name"]!.GetValue<string>().ShouldBe("Elsa.Delay");

            first.Kill();
            first.Output.ShouldNotContain("fired after the delay");
        }

        using var second = ServerProcess.Start(database, workflows, _dir);
        using var restarted = second.Client();
        JsonNode? finished = null;
        await WaitUntilAsync(
            async () =>
            {
                var response = await TryGetAsync(restarted, $"/api/workflow-instances/{instanceId}", token);
                if (response?.StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }

                finished = await response.ReadJsonAsync();
                return finished["subStatus"]!.GetValue<string>() == "Finished";
            },
            "the restarted server to finish the run",
            token);

        finished!["bookmarks"]!.AsArray().ShouldBeEmpty();
        var journal = (await restarted.GetJsonAsync($"/api/workflow-instances/{instanceId}/journal")).ToJsonString();
        CountOf(journal, "\"Resumed\"").ShouldBe(1);
        await WaitUntilAsync(() => Task.FromResult(second.Output.Contains("fired after the delay")), "the WriteLine after the delay", token);
        second.Output.Count(l => l == "fired after the delay").ShouldBe(1);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient client, string path, CancellationToken token)
    {
        try
        {
            return await client.GetAsync(path, token);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, CancellationToken token)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(Deadline);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested || !await poll.WaitForNextTickAsync(deadline.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default))
            {
                throw new TimeoutException($"waited {Deadline.TotalSeconds} s for {what}");
            }
        }
    }

    private const string DelayThenWrite = """
        {
          "definitionId": "delay-5s", "name": "Delay 5 s",
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "wait", "type": "Elsa.Delay", "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "00:00:05" } } },
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "fired after the delay" } } }
            ],
            "connections": [ { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "say", "port": "In" } } ] }
        }
        """;
}

public sealed class SqliteKillAndRestartTests : KillAndRestartTests
{
    protected override Task<string> DatabaseAsync() => Task.FromResult($"Data Source={Path.Combine(WorkDirectory, "orchestrator.db")}");
}

[Collection(Persistence.PostgresGroup.Name)]
public sealed class PostgresKillAndRestartTests(Persistence.PostgresServer server) : KillAndRestartTests
{
    protected override Task<string> DatabaseAsync() => server.CreateDatabaseAsync();
}
