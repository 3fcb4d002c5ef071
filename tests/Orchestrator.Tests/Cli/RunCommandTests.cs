using System.Diagnostics;
using System.Text.Json.Nodes;
using Orchestrator.Cli;
using Orchestrator.Testing;

namespace Orchestrator.Tests.Cli;

/// <summary>The <c>run</c> verb: only WriteLine text on stdout, the status on stderr, exit codes by status.</summary>
public sealed class RunCommandTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var item in Expectations())
        {
            data.Add(item["file"]!.GetValue<string>());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Run_ElsaSample_PrintsExpectedLinesAndStatus(string file)
    {
        var expectation = Expectations().Single(e => e["file"]!.GetValue<string>() == file);
        var options = new RunOptions(
            Sample(file),
            [.. expectation["alsoLoad"]!.AsArray().Select(a => Sample(a!.GetValue<string>()))],
            expectation["input"] is JsonObject input ? input.ToJsonString() : null,
            ResumeBookmarks: true,
            expectation["flowchartMode"]!.GetValue<string>().StartsWith("counter", StringComparison.Ordinal) ? "counter" : "token");

        var (exitCode, stdout, stderr) = await RunAsync(options);

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var expectedStatus = expectation["expectedStatus"]?.GetValue<string>();
        if (expectedStatus is not null)
        {
            stderr.ShouldContain($"status: {expectedStatus}");
            exitCode.ShouldBe(expectedStatus switch { "Finished" => 0, "Faulted" => 2, "Suspended" => 3, _ => 4 });
        }

        if (expectation["expectedLines"] is JsonArray expected)
        {
            var expectedLines = expected.Select(l => l!.GetValue<string>()).ToList();
            if (expectation["linesAssertion"]!.GetValue<string>() == "derived-unordered")
            {
                lines.Order(StringComparer.Ordinal).ShouldBe(expectedLines.Order(StringComparer.Ordinal));
            }
            else
            {
                lines.ShouldBe(expectedLines);
            }
        }
    }

    [Fact]
    public async Task Run_WithoutResume_SuspendsOnEventAndExitsThree()
    {
        var (exitCode, _, stderr) = await RunAsync(new RunOptions(Sample("integration/FlowchartCompletion/workflow5.json"), [], null, ResumeBookmarks: false, "counter"));
        exitCode.ShouldBe(3);
        stderr.ShouldEndWith("status: Suspended" + Environment.NewLine);
    }

    [Fact]
    public async Task Run_NotifyWithADefaultTemplate_QueuesTheMessageInMemoryAndFinishes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"notify-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """
            {"definitionId": "cli-notify", "name": "CLI notify", "root": {"id": "flow", "type": "Elsa.Flowchart", "activities": [
              {"id": "notify", "type": "Orchestrator.Notify", "version": 1,
               "targets": {"typeName": "String", "expression": {"type": "Literal", "value": "email:ops@example.com"}},
               "template": {"typeName": "String", "expression": {"type": "Literal", "value": "status-update"}}},
              {"id": "done", "type": "Elsa.WriteLine", "version": 1, "text": {"typeName": "String", "expression": {"type": "Literal", "value": "notified"}}}],
              "connections": [{"source": {"activity": "notify", "port": "Done"}, "target": {"activity": "done", "port": "In"}}]}}
            """, TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync(new RunOptions(path, [], null, false, "token"));

            exitCode.ShouldBe(0, stderr);
            stdout.ShouldBe("notified" + Environment.NewLine);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Run_MalformedJson_ExitsOneNamingTheFileAndLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{\n  \"name\": \"x\",\n  \"root\": {\n}}}", TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync(new RunOptions(path, [], null, false, "token"));
            exitCode.ShouldBe(1);
            stdout.ShouldBeEmpty();
            stderr.ShouldContain(path);
            stderr.ShouldContain("line 4");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Run_BadFlowchartMode_ExitsOne()
    {
        var (exitCode, _, stderr) = await RunAsync(new RunOptions(Sample("component/BasicWorkflows/hello-world.json"), [], null, false, "sideways"));
        exitCode.ShouldBe(1);
        stderr.ShouldContain("--flowchart-mode");
    }

    [Fact]
    public async Task Executable_RunHelloWorld_PrintsOnlyTheLine()
    {
        var host = typeof(CommandLine).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [host, "run", Sample("component/BasicWorkflows/hello-world.json")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        stdout.ShouldBe("Hello World!" + Environment.NewLine);
        stderr.Trim().ShouldBe("status: Finished");
        process.ExitCode.ShouldBe(0);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(RunOptions options)
    {
        await using var stdout = new StringWriter();
        await using var stderr = new StringWriter();
        var exitCode = await RunCommand.ExecuteAsync(options, stdout, stderr, TestContext.Current.CancellationToken);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private static string Sample(string file) => Path.Combine(RepositoryPaths.ElsaSamples, file);

    private static List<JsonObject> Expectations() =>
        [.. JsonNode.Parse(File.ReadAllText(Sample("expectations.json")))!.AsArray().OfType<JsonObject>()];
}
