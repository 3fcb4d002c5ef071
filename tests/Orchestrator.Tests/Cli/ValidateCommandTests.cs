using Orchestrator.Cli;
using Orchestrator.Testing;

namespace Orchestrator.Tests.Cli;

/// <summary>The <c>validate</c> verb: one line per problem, <c>file: activityId: message</c>, exit 1 if any.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("validate-").FullName;

    [Fact]
    public void Validate_AllSharedSamples_ReportNoErrors()
    {
        using var output = new StringWriter();
        var exitCode = ValidateCommand.Execute([RepositoryPaths.ElsaSamples], output);
        output.ToString().Split('\n').Where(l => l.Length > 0 && !l.Contains("warning:", StringComparison.Ordinal)).ShouldBeEmpty();
        exitCode.ShouldBe(0);
    }

    [Fact]
    public void Validate_MalformedJson_NamesFileAndLine()
    {
        var file = Write("broken.json", "{ \"root\": { \"type\": \"Elsa.Flowchart\", }, ]");
        var (exitCode, lines) = Validate(file);
        exitCode.ShouldBe(1);
        lines.ShouldHaveSingleItem().ShouldStartWith($"{file}: (workflow): malformed JSON at line 1");
    }

    [Fact]
    public void Validate_ProblemsInActivities_OneLineEach()
    {
        var file = Write("problems.json", """
        {
          "name": "Problems",
          "root": {
            "id": "Flowchart1", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "A", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "JavaScript", "value": "1 +* 2" } } },
              { "id": "B", "type": "Acme.DoesNotExist" },
              { "id": "C", "type": "Elsa.Cron", "cronExpression": { "typeName": "String", "expression": { "type": "Literal", "value": "not a cron" } } },
              { "id": "D", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Liquid", "value": "{% if %}" } } },
              { "id": "E", "type": "Elsa.Event" }
            ],
            "connections": [
              { "source": { "activity": "A", "port": "Done" }, "target": { "activity": "Z", "port": "In" } },
              { "source": { "activity": "A", "port": "Nope" }, "target": { "activity": "B", "port": "In" } }
            ]
          }
        }
        """);

        var (exitCode, lines) = Validate(file);

        exitCode.ShouldBe(1);
        lines.ShouldContain(l => l.StartsWith($"{file}: A: text: ", StringComparison.Ordinal) && l.Contains("line 1", StringComparison.Ordinal));
        lines.ShouldContain($"{file}: B: type: unknown activity type 'Acme.DoesNotExist'");
        lines.ShouldContain(l => l.StartsWith($"{file}: C: cronExpression: invalid cron expression 'not a cron'", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith($"{file}: D: text: ", StringComparison.Ordinal));
        lines.ShouldContain($"{file}: E: eventName: required input is missing");
        lines.ShouldContain(l => l.StartsWith($"{file}: Flowchart1: connections: connection 1: target activity 'Z' does not exist", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith($"{file}: Flowchart1: connections: connection 2: activity 'A' (Elsa.WriteLine) has no outcome port 'Nope'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingPath_IsAnError()
    {
        var (exitCode, lines) = Validate(Path.Combine(_dir, "nope.json"));
        exitCode.ShouldBe(1);
        lines.ShouldHaveSingleItem().ShouldEndWith("no such file or directory");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static (int ExitCode, List<string> Lines) Validate(params string[] paths)
    {
        using var output = new StringWriter();
        var exitCode = ValidateCommand.Execute(paths, output);
        return (exitCode, [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))]);
    }
}
