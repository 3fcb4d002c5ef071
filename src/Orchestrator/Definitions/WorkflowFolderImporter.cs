namespace Orchestrator.Definitions;

/// <summary>
/// At start, imports every definition under the configured folders (<c>Orchestrator:WorkflowFolders</c>,
/// relative to the content root; by default the repository's <c>workflows/</c> and <c>playbooks/</c>, or their copies in
/// the build output when the repository is not there).
/// </summary>
internal sealed partial class WorkflowFolderImporter(
    WorkflowFolderImport import,
    IConfiguration configuration,
    IHostEnvironment environment,
    ILogger<WorkflowFolderImporter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var folders = Folders(configuration, environment.ContentRootPath);
        foreach (var folder in folders.Where(f => !Directory.Exists(f)))
        {
            LogMissingFolder(logger, folder);
        }

        foreach (var file in await import.ImportAsync(folders.Where(Directory.Exists), cancellationToken))
        {
            if (file.Outcome == ImportOutcome.Failed)
            {
                LogFailed(logger, file.File, file.Problem);
            }
            else if (file.Outcome != ImportOutcome.Unchanged)
            {
                LogImported(logger, file.File, file.DefinitionId, file.Version, file.Outcome);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static IReadOnlyList<string> Folders(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetSection("Orchestrator:WorkflowFolders").Get<string[]>();
        return configured is { Length: > 0 }
            ? [.. configured.Select(f => Path.GetFullPath(Path.IsPathRooted(f) ? f : Path.Combine(contentRoot, f)))]
            : [ShippedFolder(contentRoot, "workflows"), ShippedFolder(contentRoot, "playbooks")];
    }

    /// <summary>
    /// The repository's folder when running from the source tree (started from the repository root, or with the project
    /// folder as content root), else the copy the build puts next to the application (published output).
    /// </summary>
    private static string ShippedFolder(string contentRoot, string name)
    {
        string[] candidates =
        [
            Path.GetFullPath(Path.Combine(contentRoot, name)),
            Path.GetFullPath(Path.Combine(contentRoot, "..", "..", name)),
            Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, name)),
        ];
        return candidates.FirstOrDefault(Directory.Exists) ?? candidates[^1];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow folder {Folder} does not exist; nothing imported from it")]
    private static partial void LogMissingFolder(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not import {File}: {Problem}")]
    private static partial void LogFailed(ILogger logger, string file, string? problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {File} as {DefinitionId} version {Version} ({Outcome})")]
    private static partial void LogImported(ILogger logger, string file, string? definitionId, int? version, ImportOutcome outcome);
}
