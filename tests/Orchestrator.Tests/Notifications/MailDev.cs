using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Orchestrator.Testing;

namespace Orchestrator.Tests.Notifications;

/// <summary>
/// A real SMTP server for the tests: maildev from <c>tests/tools/maildev</c> (installed with <c>npm ci</c> when its
/// node_modules is missing) on loopback ports, read back through its REST API (<c>/api/email</c>).
/// </summary>
internal sealed class MailDev : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly HttpClient _http;

    private MailDev(Process process, int smtpPort, int webPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
    }

    public static string ToolFolder => Path.Combine(RepositoryPaths.Root, "tests", "tools", "maildev");

    public int SmtpPort { get; }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<MailDev> StartAsync(int? smtpPort = null)
    {
        await EnsureInstalledAsync();
        var smtp = smtpPort ?? FreePort();
        var web = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = ToolFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "node_modules/maildev/dist/bin/maildev.js", "--smtp", smtp.ToString(System.Globalization.CultureInfo.InvariantCulture), "--ip", "127.0.0.1", "--web", web.ToString(System.Globalization.CultureInfo.InvariantCulture), "--web-ip", "127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node for maildev");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var maildev = new MailDev(process, smtp, web);
        await maildev.WaitUntilReadyAsync();
        return maildev;
    }

    public async Task<JsonArray> EmailsAsync() =>
        await _http.GetFromJsonAsync<JsonArray>("/api/email", TestContext.Current.CancellationToken) ?? [];

    /// <summary>Polls the REST API until <paramref name="count"/> emails arrived (the SMTP server is another process), bounded.</summary>
    public async Task<JsonArray> WaitForEmailsAsync(int count)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var emails = await EmailsAsync();
            if (emails.Count >= count || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return emails;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (File.Exists(Path.Combine(ToolFolder, "node_modules", "maildev", "dist", "bin", "maildev.js")))
            {
                return;
            }

            var npm = new ProcessStartInfo("npm") { WorkingDirectory = ToolFolder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                npm.ArgumentList.Add(argument);
            }

            using var process = Process.Start(npm) ?? throw new InvalidOperationException("could not start npm");
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {ToolFolder} failed ({process.ExitCode}): {await output}{await error}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"maildev exited at start with code {_process.ExitCode}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("/api/email", UriKind.Relative), TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode && await SmtpAcceptsAsync())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"maildev did not answer on {_http.BaseAddress} within {StartTimeout}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private async Task<bool> SmtpAcceptsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, SmtpPort, TestContext.Current.CancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
