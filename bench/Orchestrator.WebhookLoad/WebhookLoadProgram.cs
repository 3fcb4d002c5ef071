using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Orchestrator.WebhookLoad;

/// <summary>
/// Webhook ingestion under load, measured from outside: the Release server runs as its own process on a new SQLite file
/// (WAL, synchronous=FULL) with a published workflow that Zendesk <c>ticket.created</c> events start; a load generator
/// with its own connections posts signed Zendesk deliveries (one in five creates a ticket, the rest are priority and
/// status changes on the tickets created) for a fixed time and reports accepted events per second and the latency of
/// each request. The same run measures raw single-row SQLite inserts on the same disk as the storage floor.
/// </summary>
/// <remarks>
/// dotnet build -c Release src/Orchestrator &amp;&amp; dotnet run -c Release --project bench/Orchestrator.WebhookLoad -- [--seconds 20] [--warmup 10] [--connections 32]
/// </remarks>
internal static class WebhookLoadProgram
{
    private const string ApiKey = "webhook-load-bench-key-0123456789";
    private const string Secret = "webhook-load-bench-zendesk-secret";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> Main(string[] args)
    {
        var seconds = 20;
        var warmUpSeconds = 10;
        var connections = 32;
        var root = FindRepositoryRoot();
        var server = Path.Combine(root, "src", "Orchestrator", "bin", "Release", "net10.0", "Orchestrator.dll");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds":
                    seconds = int.Parse(args[i + 1], Invariant);
                    break;
                case "--warmup":
                    warmUpSeconds = int.Parse(args[i + 1], Invariant);
                    break;
                case "--connections":
                    connections = int.Parse(args[i + 1], Invariant);
                    break;
                case "--server":
                    server = Path.GetFullPath(args[i + 1]);
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}; use --seconds N, --warmup N, --connections N, --server path/to/Orchestrator.dll");
            }
        }

        if (!File.Exists(server))
        {
            await Console.Error.WriteLineAsync($"{server} is missing: run `dotnet build -c Release src/Orchestrator` first");
            return 1;
        }

        var directory = Directory.CreateTempSubdirectory("orchestrator-webhookload-").FullName;
        try
        {
            Console.WriteLine(string.Create(Invariant, $"baseline: raw SQLite single-row inserts (WAL, synchronous=FULL): {RawInsertsPerSecond(directory):N0} rows/s"));
            await RunAsync(server, root, directory, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(warmUpSeconds), connections);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    private static async Task RunAsync(string server, string root, string directory, TimeSpan duration, TimeSpan warmUp, int connections)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(server);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ConnectionStrings__Orchestrator"] = $"Data Source={Path.Combine(directory, "orchestrator.db")}";
        start.Environment["Orchestrator__Auth__BootstrapApiKey"] = ApiKey;
        start.Environment["Orchestrator__Webhooks__Zendesk__Secret"] = Secret;
        start.Environment["Orchestrator__WorkflowFolders__0"] = Path.Combine(directory, "no-workflows");
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not launch the server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var admin = Client(port, connections: 2);
            admin.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            await WaitForHealthAsync(admin, process);
            using (var published = await admin.PostAsync(new Uri("/api/workflow-definitions?publish=true", UriKind.Relative), new StringContent(Workflow, Encoding.UTF8, "application/json")))
            {
                published.EnsureSuccessStatusCode();
            }

            using var load = Client(port, connections);

            // Warm-up, not counted: the same load until tiered compilation has settled in both processes. Hot methods go
            // through tier 0 and an instrumented tier before their optimised code, and on two busy cores that takes
            // several seconds; measured from the start, a short run counts the compiler's work against the server.
            await DriveAsync(load, warmUp, connections, "warm");
            var rssBefore = ResidentMib(process.Id);
            var serverCpuBefore = ProcessorTime(process.Id);
            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await DriveAsync(load, duration, connections, "run");
            var serverCpu = ProcessorTime(process.Id) - serverCpuBefore;
            var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
            var latencies = result.Latencies;
            latencies.Sort();
            Console.WriteLine(string.Create(Invariant, $"webhooks: {result.Accepted:N0} deliveries accepted in {result.Elapsed.TotalSeconds:N1} s with {connections} connections = {result.Accepted / result.Elapsed.TotalSeconds:N0} events/s; non-202 answers: {result.Failed}"));
            Console.WriteLine(string.Create(Invariant, $"latency: p50 {Percentile(latencies, 0.50):N1} ms, p90 {Percentile(latencies, 0.90):N1} ms, p99 {Percentile(latencies, 0.99):N1} ms, max {latencies[^1]:N1} ms"));

            // CPU time is what the two cores are shared out by: the server's (ingestion and the delivery behind it) and the load generator's.
            Console.WriteLine(string.Create(Invariant, $"CPU during the run: server {serverCpu.TotalSeconds:N1} s ({serverCpu.TotalMilliseconds * 1000 / Math.Max(1, result.Accepted):N0} µs per accepted event), load generator {clientCpu.TotalSeconds:N1} s ({clientCpu.TotalMilliseconds * 1000 / Math.Max(1, result.Accepted):N0} µs per event), of {result.Elapsed.TotalSeconds * Environment.ProcessorCount:N1} s available"));

            // Delivery to workflows runs behind the 202: report how long the backlog takes to drain.
            var drain = Stopwatch.StartNew();
            var created = result.Created;
            long finishedRuns = 0;
            while (drain.Elapsed < TimeSpan.FromMinutes(5))
            {
                using var response = await admin.GetAsync(new Uri("/api/workflow-instances?definitionId=bench-ticket&pageSize=1", UriKind.Relative));
                var page = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                finishedRuns = page?["total"]?.GetValue<long>() ?? 0;
                if (finishedRuns >= created)
                {
                    break;
                }

                await Task.Delay(200);
            }

            Console.WriteLine(string.Create(Invariant, $"runs started by ticket.created: {finishedRuns:N0} of {created:N0} (warm-up included), backlog drained {drain.Elapsed.TotalSeconds:N1} s after the load stopped; server RSS {rssBefore:N0} → {ResidentMib(process.Id):N0} MiB"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static long _sequence;
    private static long _created;

    private static async Task<LoadResult> DriveAsync(HttpClient http, TimeSpan duration, int connections, string phase)
    {
        var latencies = new List<double>[connections];
        var failed = 0L;
        var accepted = 0L;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, connections).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref _sequence);
                var body = Delivery(phase, n);
                var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(Invariant);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/zendesk") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", timestamp);
                request.Headers.Add("X-Zendesk-Webhook-Signature", Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(timestamp + body))));
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        return new LoadResult(accepted, failed, clock.Elapsed, [.. latencies.SelectMany(l => l)], Interlocked.Read(ref _created));
    }

    /// <summary>One in five deliveries creates a ticket; the others change the priority or status of one created earlier.</summary>
    private static string Delivery(string phase, long n)
    {
        var creates = n % 5 == 0;
        var ticket = creates ? n : Math.Max(5, n - (n % 5) - 5);
        if (creates)
        {
            Interlocked.Increment(ref _created);
        }

        var type = creates ? "ticket.created" : (n % 2 == 0 ? "ticket.priority_changed" : "ticket.status_changed");
        var time = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant);
        return new JsonObject
        {
            ["type"] = $"zen:event-type:{type}",
            ["id"] = $"{phase}-{n}",
            ["time"] = time,
            ["subject"] = $"zen:ticket:{ticket}",
            ["detail"] = new JsonObject
            {
                ["id"] = ticket.ToString(Invariant),
                ["priority"] = "high",
                ["status"] = "open",
                ["requester_id"] = "9001",
                ["organization_id"] = "acme-health",
                ["tags"] = new JsonArray("category:technical"),
            },
            ["event"] = new JsonObject { ["previous"] = "normal", ["current"] = "high" },
        }.ToJsonString();
    }

    private const string Workflow = """
        {"definitionId":"bench-ticket","name":"Bench ticket","root":{"id":"flow","type":"Elsa.Flowchart","activities":[
          {"id":"created","type":"Orchestrator.ReceiveTicketEvent","version":1,"eventType":{"typeName":"String","expression":{"type":"Literal","value":"ticket.created"}},"customProperties":{"canStartWorkflow":true}},
          {"id":"solved","type":"Orchestrator.ReceiveTicketEvent","version":1,"eventType":{"typeName":"String","expression":{"type":"Literal","value":"ticket.solved"}}}],
          "connections":[{"source":{"activity":"created","port":"Done"},"target":{"activity":"solved","port":"In"}}]}}
        """;

    private static double RawInsertsPerSecond(string directory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "baseline.db")}");
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE rows (id TEXT PRIMARY KEY, body TEXT NOT NULL);";
            setup.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO rows (id, body) VALUES ($id, $body)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$body", new string('x', 600));
        const int Rows = 20_000;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Rows; i++)
        {
            id.Value = i.ToString(Invariant);
            insert.ExecuteNonQuery();
        }

        return Rows / clock.Elapsed.TotalSeconds;
    }

    private static HttpClient Client(int port, int connections) => new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static async Task WaitForHealthAsync(HttpClient http, Process process)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {process.ExitCode}");
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("/health did not answer 200 within 60 s");
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>User plus system CPU time of a process, from /proc (fields 14 and 15 of its stat line, in clock ticks of 1/100 s).</summary>
    private static TimeSpan ProcessorTime(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], Invariant) + long.Parse(fields[12], Invariant);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static double ResidentMib(int processId)
    {
        var status = $"/proc/{processId}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : long.Parse(line[6..].Trim().Split(' ')[0], Invariant) / 1024.0;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository");
    }

    private sealed record LoadResult(long Accepted, long Failed, TimeSpan Elapsed, List<double> Latencies, long Created);
}
