namespace Orchestrator.Testing;

/// <summary>Finds the repository root and the shared folder beside it (where CI puts it too).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string ElsaSamples => Path.Combine(Shared, "elsa-samples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"cannot find Orchestrator.sln above {AppContext.BaseDirectory}");
    }
}
