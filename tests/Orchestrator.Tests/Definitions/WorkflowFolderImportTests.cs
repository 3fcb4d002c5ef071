using Microsoft.Data.Sqlite;
using Orchestrator.Cli;
using Orchestrator.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Tests.Persistence;

namespace Orchestrator.Tests.Definitions;

/// <summary>Folder import: a changed file becomes a new published version; unchanged files change nothing; runs stay on their version.</summary>
public sealed class WorkflowFolderImportTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("import-").FullName;

    [Fact]
    public async Task Import_NewChangedAndUnchangedFiles_VersionsOnlyWhatChanged()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(Path.Combine(_dir, "db.sqlite"));
        var import = new WorkflowFolderImport(host.Runtime.Definitions, host.Runtime, host.Clock, []);
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "workflows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "greet.json"), Greeting("v1 says hello"), token);

        var first = await import.ImportAsync([folder], token);
        var again = await import.ImportAsync([folder], token);
        var v1Run = await host.Runtime.StartAsync("greet", new StartWorkflowRequest(), token);
        await File.WriteAllTextAsync(Path.Combine(folder, "greet.json"), Greeting("v2 says hello"), token);
        var changed = await import.ImportAsync([folder], token);

        first.ShouldHaveSingleItem().Outcome.ShouldBe(ImportOutcome.Added);
        again.ShouldHaveSingleItem().Outcome.ShouldBe(ImportOutcome.Unchanged);
        changed.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            f => f.Outcome.ShouldBe(ImportOutcome.Updated),
            f => f.Version.ShouldBe(2));
        var versions = await host.Runtime.Definitions.ListVersionsAsync("greet", token);
        versions.Select(v => (v.Version, v.IsPublished)).ShouldBe([(1, false), (2, true)]);

        // The run started on v1 finishes on v1; a new run uses v2.
        await host.Runtime.PublishEventAsync("go", null, null, token);
        var v2Run = await host.Runtime.StartAsync("greet", new StartWorkflowRequest(), token);
        await host.Runtime.PublishEventAsync("go", v2Run.Instance.CorrelationId, null, token);
        host.Lines.ShouldBe(["v1 says hello", "v2 says hello"]);
        (await host.Runtime.Instances.FindAsync(v1Run.Instance.Id, token))!.Version.ShouldBe(1);
    }

    [Fact]
    public async Task Import_BrokenFile_ReportsItAndImportsTheRest()
    {
        var token = TestContext.Current.CancellationToken;
        await using var host = await SqliteHost.StartAsync(Path.Combine(_dir, "db.sqlite"));
        var import = new WorkflowFolderImport(host.Runtime.Definitions, host.Runtime, host.Clock, []);
        await File.WriteAllTextAsync(Path.Combine(_dir, "a-broken.json"), "{ \"root\": ", token);
        await File.WriteAllTextAsync(Path.Combine(_dir, "b-greet.json"), Greeting("hi"), token);

        var results = await import.ImportAsync([_dir], token);

        results.Select(r => r.Outcome).ShouldBe([ImportOutcome.Failed, ImportOutcome.Added]);
        results[0].Problem.ShouldNotBeNull().ShouldContain("malformed JSON");
    }

    [Fact]
    public async Task CliImportThenExport_WritesThePublishedVersion()
    {
        var token = TestContext.Current.CancellationToken;
        var connection = $"Data Source={Path.Combine(_dir, "cli.sqlite")}";
        var source = Path.Combine(_dir, "greet.json");
        await File.WriteAllTextAsync(source, Greeting("exported"), token);
        await using var importOutput = new StringWriter();
        await using var exportOutput = new StringWriter();

        var imported = await ImportExportCommands.ImportAsync([source], connection, importOutput, token);
        var exported = await ImportExportCommands.ExportAsync(["greet"], Path.Combine(_dir, "out"), connection, exportOutput, token);

        imported.ShouldBe(0);
        importOutput.ToString().ShouldContain("greet v1 added");
        exported.ShouldBe(0);
        var written = await File.ReadAllTextAsync(Path.Combine(_dir, "out", "greet.json"), token);
        written.ShouldContain("\"version\": 1");
        written.ShouldContain("exported");
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static string Greeting(string text) => $$"""
        {
          "definitionId": "greet", "name": "Greet",
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "wait", "type": "Elsa.Event", "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "go" } } },
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "{{text}}" } } }
            ],
            "connections": [ { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "say", "port": "In" } } ] }
        }
        """;
}
