using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.State;
using Orchestrator.Engine.Tests.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.State;

/// <summary>A suspended run written with <see cref="WorkflowStateSerializer"/> and read back goes on exactly as if it never left memory.</summary>
public sealed class WorkflowStateSerializerTests
{
    private static readonly object[] Payloads = ["p1", "p2", 3];

    [Fact]
    public async Task Deserialize_SuspendedMidFlowchart_ResumesAndFinishesLikeARunNeverSerialised()
    {
        await using var reference = new WorkflowHarness();
        var referenceInstance = await reference.RunAsync(await reference.ImportAsync(MidFlight()), new Dictionary<string, object?> { ["Ticket"] = "T-1", ["Priority"] = 2 });
        foreach (var payload in Payloads)
        {
            await reference.Runtime.PublishEventAsync("next", null, payload, TestContext.Current.CancellationToken);
        }

        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(MidFlight());
        var compiled = harness.Runtime.Compile(definition);
        var instance = await harness.RunAsync(definition, new Dictionary<string, object?> { ["Ticket"] = "T-1", ["Priority"] = 2 });
        foreach (var payload in Payloads)
        {
            instance = await RoundTripAsync(harness, instance);
            await harness.Runtime.PublishEventAsync("next", null, payload, TestContext.Current.CancellationToken);
        }

        referenceInstance.SubStatus.ShouldBe(WorkflowSubStatus.Finished, string.Join("; ", referenceInstance.Incidents.Select(i => i.Message)));
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished, string.Join("; ", instance.Incidents.Select(i => i.Message)));
        harness.Lines.ShouldBe(reference.Lines);
        harness.Lines.ShouldBe(["item x of Ada", "item y of Ada", "item z of Ada", "done T-1: 5 true 3 a,b 0.25"]);
        var expected = referenceInstance.GetVariables();
        var actual = instance.GetVariables();
        actual.Keys.ShouldBe(expected.Keys);
        foreach (var (name, value) in expected)
        {
            AssertSameValue(name, actual[name], value);
        }

        actual["LastPayload"].ShouldBe(3);
        actual["Due"].ShouldBe(new DateTimeOffset(2026, 11, 5, 17, 0, 0, TimeSpan.FromHours(1)));
        instance.Input["Priority"].ShouldBe(2);
        actual["Window"].ShouldBe(TimeSpan.FromMinutes(90));
        compiled.Problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Serialize_SuspendedMidFlowchart_HoldsTheJoinTheLoopAndTheVariables()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunAsync(await harness.ImportAsync(MidFlight()), new Dictionary<string, object?> { ["Ticket"] = "T-1" });

        var state = JsonNode.Parse(WorkflowStateSerializer.Serialize(instance))!;

        state["subStatus"]!.GetValue<string>().ShouldBe("Suspended");
        state["input"]!["Ticket"]!.GetValue<string>().ShouldBe("T-1");
        state["bookmarks"]!.AsArray().ShouldHaveSingleItem()!["activityNodeId"]!.GetValue<string>().ShouldBe("Flowchart1:loop:body:wait");
        var contexts = state["contexts"]!.AsArray().Select(c => c!).ToList();
        var flowchart = contexts.Single(c => c["nodeId"]!.GetValue<string>() == "Flowchart1");
        flowchart["state"]!["waiting"]!.AsArray().Count.ShouldBe(1);
        flowchart["scope"]!["variables"]!["count-id"]!.GetValue<int>().ShouldBe(5);
        flowchart["scope"]!["variables"]!["Tags"]!.AsArray().Count.ShouldBe(2);
        var loop = contexts.Single(c => c["nodeId"]!.GetValue<string>() == "Flowchart1:loop");
        loop["state"]!["index"]!.GetValue<int>().ShouldBe(1);
        loop["state"]!["items"]!.AsArray().Count.ShouldBe(3);
        contexts.Single(c => c["nodeId"]!.GetValue<string>() == "Flowchart1:loop:body")["currentValue"]!.GetValue<string>().ShouldBe("x");
    }

    [Fact]
    public async Task Serialize_OfDeserialize_GivesIdenticalBytes()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(MidFlight());
        var instance = await harness.RunAsync(definition, new Dictionary<string, object?> { ["Ticket"] = "T-1", ["Priority"] = 2, ["Meta"] = new JsonObject { ["a"] = new JsonArray(1, 2.5, "x") } });
        await harness.Runtime.PublishEventAsync("next", null, new JsonObject { ["by"] = "ana" }, TestContext.Current.CancellationToken);

        var bytes = WorkflowStateSerializer.Serialize(instance);
        var again = WorkflowStateSerializer.Serialize(WorkflowStateSerializer.Deserialize(bytes, harness.Runtime.Compile(definition)));

        again.ShouldBe(bytes);
        WorkflowStateSerializer.SerializeToString(instance).ShouldBe(System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task Serialize_OfDeserialize_FinishedRunGivesIdenticalBytes()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(MidFlight());
        var instance = await harness.RunAsync(definition, new Dictionary<string, object?> { ["Ticket"] = "T-1" });
        await harness.RunUntilEndAsync(instance, "done");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);

        var bytes = WorkflowStateSerializer.Serialize(instance);
        var restored = WorkflowStateSerializer.Deserialize(bytes, harness.Runtime.Compile(definition));

        WorkflowStateSerializer.Serialize(restored).ShouldBe(bytes);
        restored.GetVariables()["Count"].ShouldBe(5);
        restored.FinishedAt.ShouldBe(instance.FinishedAt);
    }

    [Theory]
    [InlineData("Decimal", "1234.50")]
    [InlineData("Decimal", "79228162514264337593543950335")]
    [InlineData("Decimal", "0.1000000000000000000000000001")]
    [InlineData("Int64", "9007199254740993")]
    [InlineData("Single", "0.1")]
    [InlineData("DateTime", "2026-11-05T17:00:00")]
    public async Task Deserialize_NumericAndDateVariables_KeepTheirExactValues(string typeName, string value)
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart([Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("go")))]),
            variables: [Wf.Variable("Amount", typeName, value)]));
        var instance = await harness.RunAsync(definition);
        var original = instance.GetVariables()["Amount"];

        var bytes = WorkflowStateSerializer.Serialize(instance);
        var restored = WorkflowStateSerializer.Deserialize(bytes, harness.Runtime.Compile(definition));

        restored.GetVariables()["Amount"].ShouldBe(original);
        restored.GetVariables()["Amount"]!.ToString().ShouldBe(original!.ToString());
        WorkflowStateSerializer.Serialize(restored).ShouldBe(bytes);
    }

    [Fact]
    public async Task ReadHeader_State_GivesTheIdentifyingFields()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(MidFlight());
        var instance = await harness.RunAsync(definition);

        var header = WorkflowStateSerializer.ReadHeader(WorkflowStateSerializer.Serialize(instance));

        header.ShouldBe((instance.Id, "mid-flight", "mid-flight-v1", 1));
    }

    [Fact]
    public async Task Deserialize_StateReferringToAMissingNode_ThrowsAClearError()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(MidFlight());
        var instance = await harness.RunAsync(definition);
        var bytes = WorkflowStateSerializer.Serialize(instance);
        var renamed = WorkflowDefinitionReader.Read(MidFlight().Replace("\"loop\"", "\"iterate\"", StringComparison.Ordinal));

        var error = Should.Throw<InvalidOperationException>(() => WorkflowStateSerializer.Deserialize(bytes, harness.Runtime.Compile(renamed)));

        error.Message.ShouldContain(instance.Id);
        error.Message.ShouldContain("'Flowchart1:loop'");
        error.Message.ShouldContain("version 1 of 'mid-flight' does not have");
    }

    [Fact]
    public async Task Deserialize_FaultedRun_CanBeRetried()
    {
        await using var harness = new WorkflowHarness(configure: s => s.AddSingleton<FlakyCounter>(), engine: b => b.AddActivity<FlakyActivity>());
        var definition = await harness.ImportAsync(Wf.Definition(Wf.Flowchart(
            [Wf.WriteLine("before", "before"), Wf.Activity("flaky", "Test.Flaky"), Wf.WriteLine("after", "after")],
            [("before", "Done", "flaky"), ("flaky", "Done", "after")])));
        var instance = await harness.RunAsync(definition);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);

        var restored = await RoundTripAsync(harness, instance);
        var result = await harness.Runtime.RetryAsync(restored.Id, TestContext.Current.CancellationToken);

        result.Instance.ShouldBeSameAs(restored);
        restored.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        restored.Incidents.ShouldHaveSingleItem().Resolved.ShouldBeTrue();
        harness.Lines.ShouldBe(["before", "after"]);
    }

    [Fact]
    public async Task Deserialize_TimerBookmark_KeepsItsDueTime()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Wf.Definition(Wf.Flowchart(
            [Wf.Activity("wait", "Elsa.Delay", ("timeSpan", Wf.Literal("00:10:00", "TimeSpan"))), Wf.WriteLine("after", "after")],
            [("wait", "Done", "after")])));
        var instance = await harness.RunAsync(definition);

        var restored = await RoundTripAsync(harness, instance);
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken);

        restored.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["after"]);
    }

    [Fact]
    public async Task Deserialize_SuspendedInsideAWorkflowUsedAsActivity_KeepsItsInputsVariablesAndOutputs()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [
                    Wf.Activity("note", "Elsa.SetVariable", ("variable", Wf.Variable("Note", "String")), ("value", Wf.Liquid("seen {{ Input.Ticket }}"))),
                    Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("approve")), ("result", Wf.BindTo("Approver"))),
                    Wf.Activity("show", "Elsa.WriteLine", ("text", Wf.Liquid("{{ Variables.Note }}, approved by {{ Variables.Approver }}"))),
                    Wf.Activity("out", "Elsa.SetOutput", ("outputName", Wf.Literal("Verdict")), ("outputValue", Wf.Liquid("{{ Input.Ticket }} ok"))),
                ],
                [("note", "Done", "wait"), ("wait", "Done", "show"), ("show", "Done", "out")]),
            variables: [Wf.Variable("Note", "String"), Wf.Variable("Approver", "String")],
            inputs: [new JsonObject { ["name"] = "Ticket", ["type"] = "String" }],
            outputs: [new JsonObject { ["name"] = "Verdict", ["type"] = "String" }],
            name: "Await approval",
            usableAsActivity: true));
        var parent = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [
                    Wf.Activity("await", "AwaitApproval", ("Ticket", Wf.Literal("T-7")), ("Verdict", Wf.BindTo("Verdict"))),
                    Wf.Activity("done", "Elsa.WriteLine", ("text", Wf.Liquid("parent: {{ Variables.Verdict }}"))),
                ],
                [("await", "Done", "done")]),
            variables: [Wf.Variable("Verdict", "String")],
            name: "Parent"));
        var instance = await harness.RunAsync(parent);

        var restored = await RoundTripAsync(harness, instance);
        await harness.Runtime.PublishEventAsync("approve", null, "bo", TestContext.Current.CancellationToken);

        restored.SubStatus.ShouldBe(WorkflowSubStatus.Finished, string.Join("; ", restored.Incidents.Select(i => i.Message)));
        restored.GetVariables()["Verdict"].ShouldBe("T-7 ok");
        harness.Lines.ShouldBe(["seen T-7, approved by bo", "parent: T-7 ok"]);
    }

    /// <summary>Writes the instance, reads it back against the runtime's compiled version and stores the copy in its place.</summary>
    private static async Task<WorkflowInstance> RoundTripAsync(WorkflowHarness harness, WorkflowInstance instance)
    {
        var (_, definitionId, _, version) = WorkflowStateSerializer.ReadHeader(WorkflowStateSerializer.Serialize(instance));
        var definition = (await harness.Runtime.Definitions.FindVersionAsync(definitionId, version, TestContext.Current.CancellationToken)).ShouldNotBeNull();
        var bytes = WorkflowStateSerializer.Serialize(instance);
        var restored = WorkflowStateSerializer.Deserialize(bytes, harness.Runtime.Compile(definition));
        restored.ShouldNotBeSameAs(instance);
        WorkflowStateSerializer.Serialize(restored).ShouldBe(bytes);
        await harness.Runtime.Instances.SaveAsync(restored, TestContext.Current.CancellationToken);
        return restored;
    }

    private static void AssertSameValue(string name, object? actual, object? expected)
    {
        if (expected is JsonNode node)
        {
            JsonNode.DeepEquals(node, actual.ShouldBeAssignableTo<JsonNode>()).ShouldBeTrue($"variable {name}");
            return;
        }

        actual?.GetType().ShouldBe(expected?.GetType(), $"variable {name}");
        actual.ShouldBe(expected, $"variable {name}");
    }

    /// <summary>
    /// start → setCount → setFlag → join, and start → loop (ForEach x, y, z; each item waits for event "next") → join;
    /// join (WaitAllActive) → done. After the first burst: one branch done, the join waiting, the loop on its first item.
    /// </summary>
    private static string MidFlight()
    {
        var body = Wf.Activity(
            "body",
            "Elsa.Sequence",
            ("activities", new JsonArray(
                Wf.Activity("show", "Elsa.WriteLine", ("text", Wf.Liquid("item {{ Variables.Current }} of {{ Variables.Name }}"))),
                Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("next")), ("result", Wf.BindTo("LastPayload"))))));
        var loop = Wf.Activity("loop", "Elsa.ForEach", ("items", Wf.Object("""["x", "y", "z"]""")), ("currentValue", Wf.BindTo("Current")), ("body", body));
        var done = Wf.Activity("done", "Elsa.WriteLine", ("text", Wf.Liquid("done {{ Input.Ticket }}: {{ Variables.Count }} {{ Variables.Flag }} {{ Variables.LastPayload }} {{ Variables.Tags | join: ',' }} {{ Variables.Ratio }}")));
        return Wf.Definition(
            Wf.Flowchart(
                [
                    Wf.Activity("start", "Elsa.Start"),
                    Wf.Activity("setCount", "Elsa.SetVariable", ("variable", Wf.Variable("Count", "Int32", id: "count-id")), ("value", Wf.Literal("5"))),
                    Wf.Activity("setFlag", "Elsa.SetVariable", ("variable", Wf.Variable("Flag", "Boolean")), ("value", Wf.Literal(true, "Boolean"))),
                    loop,
                    Wf.Activity("join", "Elsa.FlowJoin", ("mode", Wf.Literal("WaitAllActive"))),
                    done,
                ],
                [("start", "Done", "setCount"), ("setCount", "Done", "setFlag"), ("setFlag", "Done", "join"), ("start", "Done", "loop"), ("loop", "Done", "join"), ("join", "Done", "done")]),
            variables:
            [
                Wf.Variable("Name", "String", "Ada"),
                Wf.Variable("Count", "Int32", "0", id: "count-id"),
                Wf.Variable("Flag", "Boolean", "false"),
                Wf.Variable("Ratio", "Double", "0.25"),
                Wf.Variable("Due", "DateTimeOffset", "2026-11-05T17:00:00+01:00"),
                Wf.Variable("Window", "TimeSpan", "01:30:00"),
                Wf.Variable("Case", "Guid", "7d3c1a52-8f0e-4c1b-9a7e-2f5d6b4c3a21"),
                Wf.Variable("Tags", "String[]", """["a", "b"]"""),
                Wf.Variable("Data", "JsonObject", """{"k": [1, 2], "nested": {"ok": true}}"""),
                Wf.Variable("Current", "String"),
                Wf.Variable("LastPayload"),
            ],
            name: "Mid flight",
            definitionId: "mid-flight");
    }
}
