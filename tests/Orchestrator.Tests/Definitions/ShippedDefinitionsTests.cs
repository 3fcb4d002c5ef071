using Orchestrator.Cli;
using Orchestrator.Tests.Scenarios;

namespace Orchestrator.Tests.Definitions;

/// <summary>Every definition shipped in workflows/ and playbooks/ passes the CLI's validate verb without errors.</summary>
public sealed class ShippedDefinitionsTests
{
    public static TheoryData<string> ShippedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "workflows", "playbooks" })
        {
            var path = ShippedScenario.ShippedFile(folder);
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.GetFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    data.Add(Path.GetRelativePath(ShippedScenario.ShippedFile("."), file).Replace('\\', '/'));
                }
            }
        }

        return data;
    }

    [Fact]
    public void ShippedFiles_IncludeTheEscalationWorkflows()
    {
        var files = ShippedFiles().Select(row => row.Data).ToList();

        files.ShouldContain("workflows/ticket-escalation.json");
        files.ShouldContain("workflows/follow-the-sun.json");
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void Validate_ShippedDefinition_HasNoErrors(string file)
    {
        using var output = new StringWriter();

        var exitCode = ValidateCommand.Execute([ShippedScenario.ShippedFile(file)], output);

        exitCode.ShouldBe(0, output.ToString());
        output.ToString().ShouldBeEmpty();
    }
}
