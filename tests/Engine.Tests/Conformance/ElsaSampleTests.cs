using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Engine.Values;
using Orchestrator.Testing;

namespace Orchestrator.Engine.Tests.Conformance;

/// <summary>Runs every shared Elsa export the way Elsa's own tests do and checks the lines and status they expect.</summary>
public sealed class ElsaSampleTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var item in LoadExpectations())
        {
            data.Add(item["file"]!.GetValue<string>());
        }

        return data;
    }

    [Fact]
    public void Expectations_ListTwentySamples() => LoadExpectations().Count.ShouldBe(20);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Sample_RunsAsElsaExpects(string file)
    {
        var expectation = LoadExpectations().Single(e => e["file"]!.GetValue<string>() == file);
        var mode = expectation["flowchartMode"]!.GetValue<string>().StartsWith("counter", StringComparison.Ordinal) ? FlowchartMode.Counter : FlowchartMode.Token;
        await using var harness = new WorkflowHarness(mode);
        foreach (var also in expectation["alsoLoad"]!.AsArray())
        {
            await harness.ImportFileAsync(Path.Combine(RepositoryPaths.ElsaSamples, also!.GetValue<string>()));
        }

        var definition = await harness.ImportFileAsync(Path.Combine(RepositoryPaths.ElsaSamples, file));
        var input = expectation["input"] is JsonObject obj ? obj.ToDictionary(p => p.Key, p => ValueModel.FromJsonNode(p.Value?.DeepClone())) : null;
        var instance = await harness.RunAsync(definition, input);
        instance = await harness.RunUntilEndAsync(instance, input);

        if (expectation["expectedStatus"] is JsonValue status)
        {
            StatusOf(instance).ShouldBe(status.GetValue<string>(), $"incidents: {string.Join("; ", instance.Incidents.Select(i => $"{i.ActivityId}: {i.Message}"))}");
        }

        var expectedLines = expectation["expectedLines"] is JsonArray lines ? lines.Select(l => l!.GetValue<string>()).ToList() : null;
        switch (expectation["linesAssertion"]?.GetValue<string>())
        {
            case "exact" or "derived-exact":
                harness.Lines.ShouldBe(expectedLines!);
                break;
            case "derived-unordered":
                harness.Lines.OrderBy(l => l, StringComparer.Ordinal).ShouldBe(expectedLines!.OrderBy(l => l, StringComparer.Ordinal));
                break;
            case "contains":
                foreach (var line in expectedLines!)
                {
                    harness.Lines.ShouldContain(line);
                }

                break;
            case null:
                instance.Incidents.ShouldBeEmpty();
                break;
            default:
                throw new InvalidOperationException($"unknown linesAssertion in expectations for {file}");
        }
    }

    internal static string StatusOf(WorkflowInstance instance) => instance.SubStatus switch
    {
        WorkflowSubStatus.Finished => "Finished",
        WorkflowSubStatus.Faulted => "Faulted",
        WorkflowSubStatus.Cancelled => "Cancelled",
        _ => instance.IsFinished ? "Finished" : "Suspended",
    };

    private static List<JsonObject> LoadExpectations()
    {
        var path = Path.Combine(RepositoryPaths.ElsaSamples, "expectations.json");
        File.Exists(path).ShouldBeTrue($"the shared Elsa samples are expected at {path}");
        return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true })!.AsArray().OfType<JsonObject>().ToList();
    }
}
