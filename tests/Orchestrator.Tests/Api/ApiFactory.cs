using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Tests.Persistence;

namespace Orchestrator.Tests.Api;

/// <summary>The host over real HTTP in memory, with a bootstrap admin key, a fake clock and WriteLine output captured.</summary>
internal sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-bootstrap-admin-key-0001";

    private readonly StringWriter _output = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("orchestrator-api-").FullName;
    private readonly TextWriter _synchronizedOutput;
    private readonly Action<IWebHostBuilder>? _configure;

    public ApiFactory(Action<IWebHostBuilder>? configure = null)
    {
        _configure = configure;
        _synchronizedOutput = TextWriter.Synchronized(_output);
    }

    /// <summary>A host on a fresh database of <paramref name="server"/> instead of its own SQLite file.</summary>
    public static async Task<ApiFactory> OnPostgresAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync();
        return new ApiFactory(builder => builder.UseSetting("ConnectionStrings:Orchestrator", connectionString));
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>What <c>Elsa.WriteLine</c> wrote, line by line.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_synchronizedOutput)
            {
                return _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
            }
        }
    }

    /// <summary>A client sending <paramref name="apiKey"/> (the bootstrap admin key by default; null sends none).</summary>
    public HttpClient Client(string? apiKey = AdminKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    /// <summary>A client with a new key holding exactly these roles, created through the API.</summary>
    public async Task<HttpClient> ClientWithRolesAsync(params string[] roles)
    {
        using var admin = Client();
        var response = await admin.PostAsJsonAsync("/api/api-keys", new { name = string.Join("+", roles), roles }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        return Client(created!["key"]!.GetValue<string>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Orchestrator:Auth:BootstrapApiKey", AdminKey);
        builder.UseSetting("ConnectionStrings:Orchestrator", $"Data Source={Path.Combine(_directory, "orchestrator.db")}");
        builder.UseSetting("Orchestrator:WorkflowFolders:0", Path.Combine(_directory, "workflows"));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton(new StandardOutput(_synchronizedOutput));
        });
        _configure?.Invoke(builder);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _synchronizedOutput.Dispose();
            _output.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            // Quartz and the instance locks open connections through Npgsql's shared pool, which outlives the host.
            Npgsql.NpgsqlConnection.ClearAllPools();
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }
}
