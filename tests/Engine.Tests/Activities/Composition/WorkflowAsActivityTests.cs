using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities.Composition;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Activities.Composition;

/// <summary>A definition with <c>usableAsActivity</c> runs inline as an activity named after it in PascalCase.</summary>
public sealed class WorkflowAsActivityTests
{
    [Fact]
    public async Task Run_WorkflowUsedAsActivity_EvaluatesInputsInTheParentAndBindsTheOutput()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(GreetCustomer());
        var parent = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [
                    Wf.WriteLine("before", "parent before"),
                    Wf.Activity("greet", "GreetCustomer", ("Customer", Wf.Liquid("{{ Input.Customer }} (VIP)")), ("Greeting", Wf.BindTo("greeting-id"))),
                    Wf.Activity("after", "Elsa.WriteLine", ("text", Wf.Liquid("parent got '{{ Variables.Greeting }}', input still {{ Input.Customer }}"))),
                ],
                [("before", "Done", "greet"), ("greet", "Done", "after")]),
            variables: [Wf.Variable("Greeting", "String", id: "greeting-id")],
            name: "Parent"));

        var instance = await harness.RunAsync(parent, new Dictionary<string, object?> { ["Customer"] = "Ada" });

        instance.Incidents.ShouldBeEmpty();
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.GetVariables()["Greeting"].ShouldBe("Welcome, Ada (VIP)");
        harness.Lines.ShouldBe(["parent before", "child sees Ada (VIP)", "parent got 'Welcome, Ada (VIP)', input still Ada"]);
        harness.Runtime.Compile(parent).FindById("greet").ShouldBeOfType<WorkflowDefinitionActivity>().Definition.Name.ShouldBe("Greet customer");
    }

    [Fact]
    public async Task Run_WorkflowUsedAsActivity_HasItsOwnVariables()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
            [
                Wf.Activity("set", "Elsa.SetVariable", ("variable", Wf.Variable("Count", "Int32")), ("value", Wf.Literal("41"))),
                Wf.Activity("show", "Elsa.WriteLine", ("text", Wf.Liquid("inner {{ Variables.Count }}"))),
            ],
            [("set", "Done", "show")]),
            variables: [Wf.Variable("Count", "Int32", "0")],
            name: "Inner counter",
            usableAsActivity: true));
        var parent = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [Wf.Activity("inner", "InnerCounter"), Wf.Activity("show", "Elsa.WriteLine", ("text", Wf.Liquid("outer {{ Variables.Count }}")))],
                [("inner", "Done", "show")]),
            variables: [Wf.Variable("Count", "Int32", "7")],
            name: "Outer"));

        var instance = await harness.RunAsync(parent);

        instance.GetVariables()["Count"].ShouldBe(7);
        harness.Lines.ShouldBe(["inner 41", "outer 7"]);
    }

    [Theory]
    [InlineData("Rejected", "parent: rejected")]
    [InlineData("Approved", "parent: approved")]
    public async Task Run_CompleteWithCustomOutcome_BecomesThePortTheParentFollows(string outcome, string expected)
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [
                    Wf.WriteLine("decide", "child deciding"),
                    Wf.Activity("complete", "Elsa.Complete", ("outcomes", Wf.Object($"[\"{outcome}\"]", "String[]"))),
                    Wf.WriteLine("never", "child after complete"),
                ],
                [("decide", "Done", "complete"), ("decide", "Done", "never")]),
            name: "Review request",
            outcomes: ["Approved", "Rejected"],
            usableAsActivity: true));
        var parent = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [
                    Wf.Activity("review", "ReviewRequest"),
                    Wf.WriteLine("approved", "parent: approved"),
                    Wf.WriteLine("rejected", "parent: rejected"),
                ],
                [("review", "Approved", "approved"), ("review", "Rejected", "rejected")]),
            name: "Parent"));

        var instance = await harness.RunAsync(parent);

        harness.Runtime.Compile(parent).Problems.ShouldBeEmpty();
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["child deciding", expected]);
    }

    [Fact]
    public async Task Run_WorkflowUsedAsActivityWaitingOnAnEvent_SuspendsTheParentAndResumesInside()
    {
        await using var harness = new WorkflowHarness();
        await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [
                    Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("approve"))),
                    Wf.Activity("show", "Elsa.WriteLine", ("text", Wf.Liquid("approved {{ Input.Ticket }}"))),
                ],
                [("wait", "Done", "show")]),
            inputs: [new JsonObject { ["name"] = "Ticket", ["type"] = "String" }],
            name: "Await approval",
            usableAsActivity: true));
        var parent = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [Wf.Activity("await", "AwaitApproval", ("Ticket", Wf.Literal("T-7"))), Wf.WriteLine("done", "parent done")],
                [("await", "Done", "done")]),
            name: "Parent"));
        var instance = await harness.RunAsync(parent);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);

        await harness.Runtime.PublishEventAsync("approve", null, null, TestContext.Current.CancellationToken);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.ShouldBe(["approved T-7", "parent done"]);
    }

    [Fact]
    public async Task Compile_WorkflowUsingItselfAsActivity_IsAProblem()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart([Wf.Activity("self", "Recursive")]),
            name: "Recursive",
            usableAsActivity: true));

        var compiled = harness.Runtime.Compile(definition);

        compiled.Problems.ShouldContain(p => p.Message.Contains("uses itself as an activity", StringComparison.Ordinal));
    }

    /// <summary>Input Customer, output Greeting; writes what it sees and sets the output.</summary>
    private static string GreetCustomer() => Wf.Definition(
        Wf.Flowchart(
            [
                Wf.Activity("show", "Elsa.WriteLine", ("text", Wf.Liquid("child sees {{ Input.Customer }}"))),
                Wf.Activity("set", "Elsa.SetOutput", ("outputName", Wf.Literal("Greeting")), ("outputValue", Wf.Liquid("Welcome, {{ Input.Customer }}"))),
            ],
            [("show", "Done", "set")]),
        name: "Greet customer",
        definitionId: "greet-customer",
        inputs: [new JsonObject { ["name"] = "Customer", ["type"] = "String" }],
        outputs: [new JsonObject { ["name"] = "Greeting", ["type"] = "String" }],
        usableAsActivity: true);
}
