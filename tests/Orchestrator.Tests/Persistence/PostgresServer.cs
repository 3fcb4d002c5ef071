using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Orchestrator.Tests.Persistence;

/// <summary>
/// A real PostgreSQL server from the installed binaries (initdb, pg_ctl), on a free loopback port and a
/// throwaway data directory, started once for the tests that share it. As root it runs as the postgres user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"orchestrator-pg-{Guid.NewGuid():N}");
    private int _port;
    private int _databases;

    public string AdminConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=false";

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            await RunAsync("chown", ["-R", "postgres", _directory]);
        }

        _port = FreePort();
        await RunPostgresToolAsync(asPostgres, "initdb", ["-D", Path.Combine(_directory, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]);
        await RunPostgresToolAsync(asPostgres, "pg_ctl", ["-D", Path.Combine(_directory, "data"), "-o", $"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=on", "-l", Path.Combine(_directory, "server.log"), "-w", "start"]);
    }

    /// <summary>A fresh, empty database on the server.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"test_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..30];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={_port};Username=postgres;Database={name}";
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPostgresToolAsync(Environment.UserName == "root", "pg_ctl", ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPostgresToolAsync(bool asPostgres, string tool, IReadOnlyList<string> arguments) =>
        asPostgres ? RunAsync("runuser", ["-u", "postgres", "--", Tool(tool), .. arguments]) : RunAsync(Tool(tool), arguments);

    private static string Tool(string name)
    {
        foreach (var directory in new[] { "/usr/local/bin", "/usr/lib/postgresql/15/bin", "/usr/bin" })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException($"PostgreSQL's {name} is not installed (apt-get install postgresql-15)");
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error} {await output}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL server";
}
