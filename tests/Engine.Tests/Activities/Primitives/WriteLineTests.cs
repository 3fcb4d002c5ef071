using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Tests.Support;
using static Orchestrator.Engine.Tests.Activities.ActivityJson;

namespace Orchestrator.Engine.Tests.Activities.Primitives;

public sealed class WriteLineTests
{
    [Fact]
    public async Task WriteLine_LiteralText_WritesIt()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.WriteLine("Say", "Hello World!")));

        harness.Lines.ShouldBe(["Hello World!"]);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task WriteLine_LiquidText_RendersVariablesAndInput()
    {
        await using var harness = new WorkflowHarness();
        var root = WriteLiquid("Say", "Paging {{ Team }} for {{ Input.TicketId }}");

        await harness.RunJsonAsync(Wf.Definition(root, [Wf.Variable("Team", "String", "ops")]), new Dictionary<string, object?> { ["TicketId"] = "T-1" });

        harness.Lines.ShouldBe(["Paging ops for T-1"]);
    }

    [Fact]
    public async Task WriteLine_VariableExpression_WritesVariableValue()
    {
        await using var harness = new WorkflowHarness();
        var root = Wf.Activity("Say", "Elsa.WriteLine", ("text", Wf.VariableExpression("Message", "String")));

        await harness.RunJsonAsync(Wf.Definition(root, [Wf.Variable("Message", "String", "from a variable")]));

        harness.Lines.ShouldBe(["from a variable"]);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("missing")]
    [InlineData("null literal")]
    public async Task WriteLine_NullText_WritesEmptyLine(string form)
    {
        using var output = new StringWriter();
        await using var harness = new WorkflowHarness(configure: s => s.AddSingleton(new StandardOutput(output)));
        var say = Wf.Activity("Say", "Elsa.WriteLine");
        switch (form)
        {
            case "null":
                say["text"] = null;
                break;
            case "null literal":
                say["text"] = Wf.Literal(null);
                break;
        }

        var instance = await harness.RunJsonAsync(Wf.Definition(Sequence("Seq", Wf.WriteLine("Before", "before"), say, Wf.WriteLine("After", "after"))));

        output.ToString().ShouldBe(string.Join(Environment.NewLine, "before", string.Empty, "after", string.Empty));
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Incidents.ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteLine_MultiLineText_WritesEveryLine()
    {
        await using var harness = new WorkflowHarness();
        var root = Wf.Activity("Say", "Elsa.WriteLine", ("text", Wf.Literal("one\ntwo")));

        await harness.RunJsonAsync(Wf.Definition(root));

        harness.Lines.ShouldBe(["one", "two"]);
    }
}
