using System.Text.Json.Nodes;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Definitions;

public sealed class DefinitionReaderTests
{
    [Fact]
    public async Task Read_MinimalNameAndRoot_LoadsWithDerivedIds()
    {
        await using var harness = new WorkflowHarness();
        const string json = """
            {
              "name": "Acknowledge P1 ticket",
              "root": { "id": "hello", "type": "Elsa.WriteLine", "text": "Hello" }
            }
            """;

        var definition = WorkflowDefinitionReader.Read(json);
        var imported = await harness.ImportAsync(json);
        var instance = await harness.RunAsync(imported);

        definition.Name.ShouldBe("Acknowledge P1 ticket");
        definition.DefinitionId.ShouldBe("AcknowledgeP1Ticket");
        definition.Id.ShouldBe("AcknowledgeP1Ticket:v1");
        definition.Version.ShouldBe(1);
        definition.IsPublished.ShouldBeTrue();
        definition.Variables.ShouldBeEmpty();
        instance.DefinitionId.ShouldBe("AcknowledgeP1Ticket");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["Hello"]);
    }

    [Fact]
    public void Read_MalformedJson_NamesLineAndColumn()
    {
        const string json = "{\n  \"name\": \"broken\",\n  \"root\": { \"type\": \"Elsa.WriteLine\" \"id\": \"a\" }\n}";

        var error = Should.Throw<DefinitionException>(() => WorkflowDefinitionReader.Read(json, "broken.json"));

        error.Message.ShouldStartWith("broken.json: malformed JSON at line 3, column 38");
        error.NotADefinition.ShouldBeFalse();
        error.InnerException.ShouldNotBeNull();
    }

    [Fact]
    public void Read_MalformedJsonAfterBom_CountsColumnsFromTheFirstCharacter()
    {
        var error = Should.Throw<DefinitionException>(() => WorkflowDefinitionReader.Read("\uFEFF{ \"name\": ]"));

        error.Message.ShouldContain("line 1, column 11");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    public void Read_JsonThatIsNotAnObject_IsNotADefinition(string json)
    {
        var error = Should.Throw<DefinitionException>(() => WorkflowDefinitionReader.Read(json));

        error.NotADefinition.ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{ "name": "x" }""", "no 'root'")]
    [InlineData("""{ "name": "x", "root": { "id": "a" } }""", "no 'type'")]
    public void Read_DefinitionWithoutRootOrType_SaysWhatIsMissing(string json, string expected)
    {
        var error = Should.Throw<DefinitionException>(() => WorkflowDefinitionReader.Read(json));

        error.Message.ShouldContain(expected);
        error.NotADefinition.ShouldBeFalse();
    }

    [Fact]
    public void Read_CommentsAndTrailingCommas_AreAccepted()
    {
        const string json = """
            {
              // exported by hand
              "name": "Lenient",
              "root": { "id": "a", "type": "Elsa.WriteLine", },
            }
            """;

        WorkflowDefinitionReader.Read(json).Name.ShouldBe("Lenient");
    }

    [Fact]
    public void UsableAsActivity_AtTopLevel_IsRead()
    {
        var definition = WorkflowDefinitionReader.Read("""{ "name": "Atom", "usableAsActivity": true, "root": { "type": "Elsa.Flowchart" } }""");

        definition.UsableAsActivity.ShouldBeTrue();
    }

    [Fact]
    public void UsableAsActivity_UnderOptions_IsRead()
    {
        var definition = WorkflowDefinitionReader.Read("""{ "name": "Atom", "options": { "usableAsActivity": true }, "root": { "type": "Elsa.Flowchart" } }""");

        definition.UsableAsActivity.ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{ "name": "Atom", "root": { "type": "Elsa.Flowchart" } }""")]
    [InlineData("""{ "name": "Atom", "options": { "usableAsActivity": false }, "root": { "type": "Elsa.Flowchart" } }""")]
    [InlineData("""{ "name": "Atom", "usableAsActivity": false, "options": { "usableAsActivity": true }, "root": { "type": "Elsa.Flowchart" } }""")]
    public void UsableAsActivity_AbsentOrFalse_IsFalse(string json) =>
        WorkflowDefinitionReader.Read(json).UsableAsActivity.ShouldBeFalse();

    [Fact]
    public void Read_ElsaExportFields_AreTyped()
    {
        var json = Wf.Definition(
            Wf.Flowchart([Wf.WriteLine("a", "x")]),
            variables: [Wf.Variable("Count", "Int32", "5", id: "count-id")],
            name: "Typed",
            inputs: [new JsonObject { ["name"] = "TicketId", ["type"] = "String", ["displayName"] = "Ticket" }],
            outputs: [new JsonObject { ["name"] = "Result", ["type"] = "Object" }],
            outcomes: ["Approved", "Rejected"],
            definitionId: "typed-def",
            options: new JsonObject { ["incidentStrategyType"] = "Elsa.Workflows.IncidentStrategies.ContinueWithIncidentsStrategy, Elsa.Workflows.Core" });

        var definition = WorkflowDefinitionReader.Read(json);

        definition.DefinitionId.ShouldBe("typed-def");
        definition.Id.ShouldBe("typed-def-v1");
        var variable = definition.Variables.ShouldHaveSingleItem();
        variable.ShouldBe(new VariableDefinition("count-id", "Count", "Int32", false, "5"));
        definition.Inputs.ShouldHaveSingleItem().ShouldBe(new InputDefinition("TicketId", "String", "Ticket", null, false));
        definition.Outputs.ShouldHaveSingleItem().Name.ShouldBe("Result");
        definition.Outcomes.ShouldBe(["Approved", "Rejected"]);
        definition.IncidentStrategyType.ShouldNotBeNull().ShouldContain("ContinueWithIncidentsStrategy");
    }

    [Fact]
    public void With_ChangesOnlyTheCopy()
    {
        var definition = WorkflowDefinitionReader.Read(Wf.Definition(Wf.Flowchart([]), name: "Original"));

        var changed = definition.With(d => d["version"] = 2);

        changed.Version.ShouldBe(2);
        definition.Version.ShouldBe(1);
        changed.Name.ShouldBe("Original");
    }

    [Theory]
    [InlineData("Atom activity", "AtomActivity")]
    [InlineData("AtomActivity", "AtomActivity")]
    [InlineData("acknowledge p1 ticket", "AcknowledgeP1Ticket")]
    [InlineData("escalate-to_level 2", "EscalateToLevel2")]
    [InlineData("  padded  name ", "PaddedName")]
    [InlineData("camelCase name", "CamelCaseName")]
    [InlineData("état d'urgence", "ÉtatDUrgence")]
    [InlineData("", "Workflow")]
    [InlineData("!!!", "Workflow")]
    public void ToPascalCase_Names_BecomeTypeNames(string name, string expected) =>
        WorkflowDefinition.ToPascalCase(name).ShouldBe(expected);

    [Fact]
    public void ActivityTypeName_IsTheNameInPascalCase()
    {
        var definition = WorkflowDefinitionReader.Read("""{ "name": "Greet customer", "definitionId": "x", "root": { "type": "Elsa.Flowchart" } }""");

        definition.ActivityTypeName.ShouldBe("GreetCustomer");
        definition.DefinitionId.ShouldBe("x");
    }
}
