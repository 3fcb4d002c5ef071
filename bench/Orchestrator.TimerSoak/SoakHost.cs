using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace Orchestrator.TimerSoak;

/// <summary>
/// The server as <c>Program.cs</c> composes it (engine, SQLite persistence, Quartz with its store in the same file, the
/// reconciler, the REST API), hosted in this process on the in-memory test server instead of Kestrel, on the real clock.
/// </summary>
internal sealed class SoakHost : WebApplicationFactory<Program>
{
    private readonly string _databaseFile;
    private readonly string _emptyFolder;

    public SoakHost(string databaseFile, string emptyFolder)
    {
        _databaseFile = databaseFile;
        _emptyFolder = emptyFolder;

        // The factory otherwise looks for the server's project folder next to this one; the content root is only a working folder here.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ORCHESTRATOR", _emptyFolder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environments.Production);
        builder.UseSetting("ConnectionStrings:Orchestrator", $"Data Source={_databaseFile}");
        builder.UseSetting("Orchestrator:WorkflowFolders:0", _emptyFolder);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
