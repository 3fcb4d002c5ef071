using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Orchestrator.ColdStart;

/// <summary>
/// Cold start of the server process, measured from outside: the time from launching
/// <c>dotnet src/Orchestrator/bin/Release/net10.0/Orchestrator.dll --urls http://127.0.0.1:PORT</c> on a new, empty SQLite
/// file until <c>GET /health</c> answers 200, then the first publish and the first run of a workflow over HTTP.
/// </summary>
/// <remarks>
/// dotnet build -c Release src/Orchestrator &amp;&amp; dotnet run -c Release --project bench/Orchestrator.ColdStart -- [--runs 5] [--server path/to/Orchestrator.dll]
/// One launch before the measured ones is not counted: it warms this client's own HTTP code (JIT) and the OS file cache.
/// </remarks>
internal static class ColdStartProgram
{
    private const string ApiKey = "cold-start-bench-key-0123456789ab"; // 32 characters
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> Main(string[] args)
    {
        var runs = 5;
        var root = FindRepositoryRoot();
        var server = Path.Combine(root, "src", "Orchestrator", "bin", "Release", "net10.0", "Orchestrator.dll");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(args[i + 1], Invariant);
                    break;
                case "--server":
                    server = Path.GetFullPath(args[i + 1]);
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}; use --runs N and --server path/to/Orchestrator.dll");
            }
        }
        if (!File.Exists(server))
        {
            await Console.Error.WriteLineAsync($"{server} is missing: run `dotnet build -c Release src/Orchestrator` first");
            return 1;
        }

        var workflow = ReadWorkflow();
        var results = new List<Measurement>();
        for (var run = 0; run <= runs; run++)
        {
            var measurement = await MeasureAsync(server, root, workflow);
            var label = run == 0 ? "warm-up (not counted)" : $"run {run}";
            Console.WriteLine(string.Create(Invariant, $"{label}: /health 200 after {measurement.Health.TotalMilliseconds:N0} ms; first publish {measurement.Publish.TotalMilliseconds:N1} ms; " +
                $"first run {measurement.FirstRun.TotalMilliseconds:N1} ms; second run {measurement.SecondRun.TotalMilliseconds:N1} ms; server RSS {measurement.ServerRssMib:N0} MiB"));
            if (run > 0)
            {
                results.Add(measurement);
            }
        }

        Console.WriteLine();
        Summarise("launch to /health 200", results.Select(r => r.Health));
        Summarise("first POST .../workflow-definitions?publish=true", results.Select(r => r.Publish));
        Summarise("first POST .../runs (the first run)", results.Select(r => r.FirstRun));
        Summarise("second POST .../runs", results.Select(r => r.SecondRun));
        return 0;
    }

    private static async Task<Measurement> MeasureAsync(string server, string root, string workflow)
    {
        var directory = Directory.CreateTempSubdirectory("orchestrator-coldstart-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(server);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ConnectionStrings__Orchestrator"] = $"Data Source={Path.Combine(directory, "orchestrator.db")}";
        start.Environment["Orchestrator__Auth__BootstrapApiKey"] = ApiKey;

        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1), PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var output = new StringBuilder();

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not launch the server");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var health = await WaitForHealthAsync(http, clock, process, output);

            var timer = Stopwatch.StartNew();
            using var published = await http.PostAsync(new Uri("/api/workflow-definitions?publish=true", UriKind.Relative), Json(workflow));
            var publish = timer.Elapsed;
            await EnsureAsync(published, "publish");

            timer.Restart();
            using var first = await http.PostAsync(new Uri("/api/workflow-definitions/bench-five-activity/runs", UriKind.Relative), Json("{}"));
            var firstRun = timer.Elapsed;
            await EnsureAsync(first, "first run");

            timer.Restart();
            using var second = await http.PostAsync(new Uri("/api/workflow-definitions/bench-five-activity/runs", UriKind.Relative), Json("{}"));
            var secondRun = timer.Elapsed;
            await EnsureAsync(second, "second run");

            return new Measurement(health, publish, firstRun, secondRun, ResidentMib(process.Id));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<TimeSpan> WaitForHealthAsync(HttpClient http, Stopwatch clock, Process process, StringBuilder output)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {process.ExitCode}:\n{output}");
            }

            await Task.Delay(5);
        }

        throw new TimeoutException($"/health did not answer 200 within 60 s:\n{output}");
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static void Summarise(string what, IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        Console.WriteLine(string.Create(Invariant, $"{what}: min {sorted[0]:N1} ms, median {median:N1} ms, max {sorted[^1]:N1} ms ({sorted.Length} launches)"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double ResidentMib(int processId)
    {
        var status = $"/proc/{processId}/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is null ? double.NaN : long.Parse(line[6..].Trim().Split(' ')[0], Invariant) / 1024.0;
    }

    private static string ReadWorkflow()
    {
        using var stream = typeof(ColdStartProgram).Assembly.GetManifestResourceStream("five-activity-flowchart.json")
            ?? throw new InvalidOperationException("the embedded workflow is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
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

    private sealed record Measurement(TimeSpan Health, TimeSpan Publish, TimeSpan FirstRun, TimeSpan SecondRun, double ServerRssMib);
}
