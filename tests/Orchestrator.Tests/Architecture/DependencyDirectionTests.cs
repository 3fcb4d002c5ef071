using System.Reflection;
using System.Xml.Linq;
using Orchestrator.Testing;

namespace Orchestrator.Tests.Architecture;

/// <summary>Dependencies point one way: Engine &lt;- Activities &lt;- Orchestrator, in the project files and in the built assemblies.</summary>
public sealed class DependencyDirectionTests
{
    private static readonly Assembly Engine = typeof(Engine.Execution.WorkflowRunner).Assembly;
    private static readonly Assembly Activities = typeof(Orchestrator.Activities.ActivitiesAssembly).Assembly;
    private static readonly Assembly Host = typeof(Orchestrator.Cli.CommandLine).Assembly;

    [Fact]
    public void EngineProject_ReferencesNoOtherProject() =>
        ProjectReferences("src/Engine/Orchestrator.Engine.csproj").ShouldBeEmpty();

    [Fact]
    public void ActivitiesProject_ReferencesOnlyEngine() =>
        ProjectReferences("src/Activities/Orchestrator.Activities.csproj").ShouldBe(["Orchestrator.Engine.csproj"]);

    [Fact]
    public void HostProject_ReferencesActivities() =>
        ProjectReferences("src/Orchestrator/Orchestrator.csproj").ShouldBe(["Orchestrator.Activities.csproj"]);

    [Fact]
    public void EngineAssembly_ReferencesNeitherActivitiesNorHost()
    {
        var references = Names(Engine);
        references.ShouldNotContain(Activities.GetName().Name!);
        references.ShouldNotContain(Host.GetName().Name!);
    }

    [Fact]
    public void EngineAssembly_HasNoAspNetCoreOrEntityFramework() =>
        Names(Engine).ShouldNotContain(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));

    [Fact]
    public void ActivitiesAssembly_DoesNotReferenceHost() =>
        Names(Activities).ShouldNotContain(Host.GetName().Name!);

    [Fact]
    public void HostAssembly_ReferencesEngine() =>
        Names(Host).ShouldContain(Engine.GetName().Name!);

    private static List<string> Names(Assembly assembly) => [.. assembly.GetReferencedAssemblies().Select(a => a.Name!)];

    private static List<string> ProjectReferences(string project) =>
        [.. XDocument.Load(Path.Combine(RepositoryPaths.Root, project))
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileName(r.Attribute("Include")!.Value.Replace('\\', '/')))];
}
