using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Definitions;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;

namespace Orchestrator.Cli;

/// <summary><c>import PATH...</c> and <c>export [DEFINITION...]</c> against a database, without a server.</summary>
internal static class ImportExportCommands
{
    public static Command CreateImport()
    {
        var paths = new Argument<string[]>("paths") { Arity = ArgumentArity.OneOrMore, Description = "Definition files, or directories searched for *.json" };
        var connection = ConnectionOption();
        var command = new Command("import", "Import definitions into the database: changed files become new published versions") { paths, connection };
        command.SetAction((parse, cancellationToken) => ImportAsync(parse.GetValue(paths) ?? [], parse.GetValue(connection), Console.Out, cancellationToken));
        return command;
    }

    public static Command CreateExport()
    {
        var ids = new Argument<string[]>("definitionIds") { Arity = ArgumentArity.ZeroOrMore, Description = "Definitions to export (all when none is named)" };
        var output = new Option<string>("--out") { Description = "Directory to write <definitionId>.json files into", DefaultValueFactory = _ => "." };
        var connection = ConnectionOption();
        var command = new Command("export", "Export the published version of definitions as Elsa 3 JSON") { ids, output, connection };
        command.SetAction((parse, cancellationToken) => ExportAsync(parse.GetValue(ids) ?? [], parse.GetValue(output)!, parse.GetValue(connection), Console.Out, cancellationToken));
        return command;
    }

    public static async Task<int> ImportAsync(IReadOnlyList<string> paths, string? connectionString, TextWriter output, CancellationToken cancellationToken)
    {
        await using var provider = await OpenAsync(connectionString, cancellationToken);
        var import = provider.GetRequiredService<WorkflowFolderImport>();
        var results = await import.ImportAsync(paths, cancellationToken);
        foreach (var file in results)
        {
            await output.WriteLineAsync(file.Outcome == ImportOutcome.Failed
                ? $"{file.File}: failed: {file.Problem}"
                : $"{file.File}: {file.DefinitionId} v{file.Version} {file.Outcome.ToString().ToLowerInvariant()}");
        }

        return results.Any(r => r.Outcome == ImportOutcome.Failed) || results.Count == 0 ? 1 : 0;
    }

    public static async Task<int> ExportAsync(IReadOnlyList<string> definitionIds, string directory, string? connectionString, TextWriter output, CancellationToken cancellationToken)
    {
        await using var provider = await OpenAsync(connectionString, cancellationToken);
        var store = provider.GetRequiredService<IWorkflowDefinitionStore>();
        var definitions = definitionIds.Count == 0
            ? await store.ListPublishedAsync(cancellationToken)
            : [.. (await Task.WhenAll(definitionIds.Select(id => store.FindPublishedAsync(id, cancellationToken).AsTask()))).OfType<WorkflowDefinition>()];
        var missing = definitionIds.Except(definitions.Select(d => d.DefinitionId), StringComparer.Ordinal).ToList();
        foreach (var id in missing)
        {
            await output.WriteLineAsync($"{id}: no published version");
        }

        Directory.CreateDirectory(directory);
        foreach (var definition in definitions)
        {
            var path = Path.Combine(directory, $"{definition.DefinitionId}.json");
            await File.WriteAllTextAsync(path, WorkflowDefinitionWriter.Write(definition), cancellationToken);
            await output.WriteLineAsync($"{path}: {definition.DefinitionId} v{definition.Version}");
        }

        return missing.Count > 0 ? 1 : 0;
    }

    private static Option<string?> ConnectionOption() => new("--connection")
    {
        Description = "The database (default: ConnectionStrings__Orchestrator, else data/orchestrator.db)",
    };

    private static async Task<ServiceProvider> OpenAsync(string? connectionString, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(connectionString is null ? [] : [new("ConnectionStrings:Orchestrator", connectionString)])
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddEngine().AddActivitiesFrom(typeof(Activities.ActivitiesAssembly).Assembly).AddActivitiesFrom(typeof(CommandLine).Assembly);
        services.AddPersistence(configuration);
        services.AddSingleton<WorkflowFolderImport>();
        var provider = services.BuildServiceProvider();
        await new DatabaseInitializer(provider.GetRequiredService<Database>(), provider.GetRequiredService<SqlDefinitionStore>(), NullLogger<DatabaseInitializer>.Instance)
            .StartAsync(cancellationToken);
        return provider;
    }
}
