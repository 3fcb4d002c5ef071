using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Activities.Flowchart;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Tests.Support;
using Orchestrator.Testing;

namespace Orchestrator.Engine.Tests.Definitions;

/// <summary>The JSON document is the source of truth: what is imported is exported unchanged.</summary>
public sealed class DefinitionRoundTripTests
{
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.ElsaSamples, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) != "expectations.json")
            {
                data.Add(Path.GetRelativePath(RepositoryPaths.ElsaSamples, file));
            }
        }

        return data;
    }

    [Fact]
    public void SampleFiles_FindsEverySharedDefinition() => SampleFiles().Count.ShouldBe(20);

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Write_SampleDefinition_RoundTripsLosslessly(string file)
    {
        var path = Path.Combine(RepositoryPaths.ElsaSamples, file);
        var original = JsonNode.Parse(StripBom(File.ReadAllBytes(path)), documentOptions: Lenient);

        var definition = WorkflowDefinitionReader.ReadFile(path);
        var written = WorkflowDefinitionWriter.Write(definition);
        var reread = WorkflowDefinitionReader.Read(written);

        JsonNode.DeepEquals(original, JsonNode.Parse(written)).ShouldBeTrue($"{file} changed when written back");
        JsonNode.DeepEquals(original, reread.Document).ShouldBeTrue($"{file} changed when read back");
        reread.DefinitionId.ShouldBe(definition.DefinitionId);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_CompactOrIndented_ReadsBackTheSameDocument(bool indented)
    {
        var definition = WorkflowDefinitionReader.Read(Wf.Definition(Wf.Flowchart([Wf.WriteLine("a", "héllo \"quoted\" <tag> ✓")])));

        var written = WorkflowDefinitionWriter.Write(definition, indented);

        written.Contains('\n', StringComparison.Ordinal).ShouldBe(indented);
        written.ShouldContain("héllo");
        written.ShouldContain("<tag> ✓");
        JsonNode.DeepEquals(definition.Document, WorkflowDefinitionReader.Read(written).Document).ShouldBeTrue();
    }

    [Fact]
    public void Read_Utf8Bom_IsAccepted()
    {
        var json = Wf.Definition(Wf.Flowchart([Wf.WriteLine("a", "x")]), name: "Bom flow");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(json)).ToArray();

        var fromBytes = WorkflowDefinitionReader.Read(bytes);
        var fromString = WorkflowDefinitionReader.Read("\uFEFF" + json);

        fromBytes.Name.ShouldBe("Bom flow");
        fromString.Name.ShouldBe("Bom flow");
        WorkflowDefinitionWriter.Write(fromBytes).ShouldNotStartWith("\uFEFF");
    }

    [Fact]
    public void ReadFile_Utf8Bom_IsAccepted()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bom-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Wf.Definition(Wf.Flowchart([Wf.WriteLine("a", "x")]), name: "Bom file"), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        try
        {
            File.ReadAllBytes(path)[0].ShouldBe((byte)0xEF);

            var definition = WorkflowDefinitionReader.ReadFile(path);

            definition.Name.ShouldBe("Bom file");
            definition.Source.ShouldBe(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_UnknownActivityType_RoundTripsWithItsConnections()
    {
        var unknown = Wf.Activity("crm", "Acme.Crm.CreateCase", ("subject", Wf.Literal("Printer on fire")), ("priority", JsonValue.Create(3)));
        unknown["acmeOnly"] = new JsonObject { ["nested"] = new JsonArray(1, "two", null) };
        var json = Wf.Definition(Wf.Flowchart(
            [Wf.WriteLine("before", "before"), unknown, Wf.WriteLine("after", "after")],
            [("before", "Done", "crm"), ("crm", "Created", "after")]));
        var original = JsonNode.Parse(json)!;

        var written = WorkflowDefinitionWriter.Write(WorkflowDefinitionReader.Read(json));

        var reread = JsonNode.Parse(written)!;
        JsonNode.DeepEquals(original, reread).ShouldBeTrue();
        JsonNode.DeepEquals(original["root"]!["activities"]![1], reread["root"]!["activities"]![1]).ShouldBeTrue();
        JsonNode.DeepEquals(original["root"]!["connections"], reread["root"]!["connections"]).ShouldBeTrue();
    }

    [Fact]
    public async Task Compile_UnknownActivityType_IsAPlaceholderWithAProblem()
    {
        await using var harness = new WorkflowHarness();
        var json = Wf.Definition(Wf.Flowchart(
            [Wf.WriteLine("before", "before"), Wf.Activity("crm", "Acme.Crm.CreateCase"), Wf.WriteLine("after", "after")],
            [("before", "Done", "crm"), ("crm", "Created", "after")]));

        var compiled = harness.Runtime.Compile(WorkflowDefinitionReader.Read(json));

        var placeholder = compiled.FindById("crm").ShouldBeOfType<UnknownActivity>();
        placeholder.Type.ShouldBe("Acme.Crm.CreateCase");
        placeholder.Json["type"]!.GetValue<string>().ShouldBe("Acme.Crm.CreateCase");
        var problem = compiled.Problems.ShouldHaveSingleItem();
        problem.ActivityId.ShouldBe("crm");
        problem.Severity.ShouldBe(ProblemSeverity.Error);
        problem.Message.ShouldContain("unknown activity type 'Acme.Crm.CreateCase'");
        compiled.Root.ShouldBeOfType<Flowchart>().Connections.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Run_UnknownActivityType_FaultsNamingTheType()
    {
        await using var harness = new WorkflowHarness();
        var json = Wf.Definition(Wf.Flowchart(
            [Wf.WriteLine("before", "before"), Wf.Activity("crm", "Acme.Crm.CreateCase")],
            [("before", "Done", "crm")]));

        var instance = await harness.RunJsonAsync(json);

        harness.Lines.ShouldBe(["before"]);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("crm");
        incident.Message.ShouldContain("Acme.Crm.CreateCase");
    }

    [Fact]
    public async Task Write_BothConnectionForms_SurviveExportAndBothRun()
    {
        await using var harness = new WorkflowHarness();
        var root = Wf.Flowchart([Wf.WriteLine("a", "one"), Wf.WriteLine("b", "two"), Wf.WriteLine("c", "three")]);
        var connections = new JsonArray(
            Wf.Connection("a", "Done", "b"),
            new JsonObject { ["source"] = "b", ["target"] = "c", ["sourcePort"] = "Done", ["targetPort"] = "In" });
        root["connections"] = connections;
        var json = Wf.Definition(root);

        var definition = await harness.ImportAsync(json);
        var written = JsonNode.Parse(WorkflowDefinitionWriter.Write(definition))!;
        var instance = await harness.RunAsync(definition);

        JsonNode.DeepEquals(written["root"]!["connections"], JsonNode.Parse(connections.ToJsonString())).ShouldBeTrue();
        written["root"]!["connections"]![0]!["source"].ShouldBeOfType<JsonObject>();
        written["root"]!["connections"]![1]!["source"]!.GetValue<string>().ShouldBe("b");
        harness.Runtime.Compile(definition).Problems.ShouldBeEmpty();
        harness.Lines.ShouldBe(["one", "two", "three"]);
        instance.Incidents.ShouldBeEmpty();
    }

    private static byte[] StripBom(byte[] bytes) =>
        bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()) ? bytes[3..] : bytes;
}
