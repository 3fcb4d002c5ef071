using System.CommandLine;

namespace Orchestrator.Cli;

/// <summary>The verbs of the executable that work without a server: validate and run.</summary>
internal static class CommandLine
{
    private static readonly string[] Verbs = ["validate", "run", "import", "export", "--help", "-h", "-?", "--version"];

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Escalation and customer-success orchestrator. Without a verb, serves the API and designer.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ImportExportCommands.CreateImport());
        root.Subcommands.Add(ImportExportCommands.CreateExport());
        return root.Parse(args).InvokeAsync();
    }
}
