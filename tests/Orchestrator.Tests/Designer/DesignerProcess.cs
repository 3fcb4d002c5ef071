using System.Diagnostics;

namespace Orchestrator.Tests.Designer;

/// <summary>Runs npm and node in src/Designer for the tests, with a time limit and the output kept for the assertion message.</summary>
internal static class DesignerProcess
{
    public static string DesignerDirectory { get; } = FindDesigner();

    public static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = DesignerDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["CI"] = "true";
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindDesigner()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Designer", "package.json");
            if (File.Exists(candidate))
            {
                return Path.GetDirectoryName(candidate)!;
            }
        }

        throw new InvalidOperationException("src/Designer/package.json not found above " + AppContext.BaseDirectory);
    }
}
