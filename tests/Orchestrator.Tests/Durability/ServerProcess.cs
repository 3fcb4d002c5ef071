using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Tests.Durability;

/// <summary>The real server executable on a loopback port, with its standard output captured line by line.</summary>
internal sealed class ServerProcess : IDisposable
{
    public const string AdminKey = "durability-test-admin-key-00000001";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _output.Enqueue(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _output.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public IReadOnlyList<string> Output => [.. _output];

    public static ServerProcess Start(string connectionString, string workflowsFolder, string workingDirectory, string bootstrapApiKey = AdminKey)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [typeof(Program).Assembly.Location, "--urls", address.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["ConnectionStrings__Orchestrator"] = connectionString;
        start.Environment["Orchestrator__Auth__BootstrapApiKey"] = bootstrapApiKey;
        start.Environment["Orchestrator__WorkflowFolders__0"] = workflowsFolder;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return new ServerProcess(Process.Start(start)!, address);
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    /// <summary>Waits for the process to end by itself; the exit code, or null when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        _process.WaitForExit(); // lets the output handlers see the last lines
        return _process.ExitCode;
    }

    /// <summary>Kills the process the hard way (SIGKILL): nothing gets to clean up.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
