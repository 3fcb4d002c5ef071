using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Expressions.Liquid;
using static Orchestrator.Engine.Tests.Expressions.Liquid.LiquidTestHelpers;

namespace Orchestrator.Engine.Tests.Expressions.Liquid;

public sealed class LiquidModelTests
{
    [Fact]
    public void Language_is_Liquid()
    {
        new LiquidEvaluator().Language.ShouldBe("Liquid");
    }

    [Fact]
    public async Task Variables_are_reachable_through_Variables_and_by_name()
    {
        var context = new TestExpressionContext()
            .WithVariable("Name", "Ada")
            .WithVariable("Counter", 3);

        var result = await RenderAsync("{{ Variables.Name }} has {{ Counter }} / {{ Variables.Counter }}", context);

        result.ShouldBe("Ada has 3 / 3");
    }

    [Fact]
    public async Task Names_are_matched_without_regard_to_case_but_an_exact_match_wins()
    {
        var context = new TestExpressionContext()
            .WithVariable("counter", "lower")
            .WithVariable("Counter", "upper")
            .WithVariable("Total", 7);

        var result = await RenderAsync("{{ counter }}|{{ Counter }}|{{ total }}|{{ variables.TOTAL }}", context);

        result.ShouldBe("lower|upper|7|7");
    }

    [Fact]
    public async Task The_innermost_of_equal_variable_names_is_the_one_seen()
    {
        // Two scopes each declare Item; the engine lists the inner one first and resolves the name to it.
        var context = new TestExpressionContext().WithVariable("Item", "inner");
        context.ScopedVariableNames = ["Item", "Item"];

        var result = await RenderAsync("{{ Item }}|{{ Variables.Item }}|{{ Variables.size }}", context);

        result.ShouldBe("inner|inner|1");
    }

    [Fact]
    public async Task Inputs_are_reachable_through_Input()
    {
        var context = new TestExpressionContext()
            .WithInput("OrderId", "ord-42")
            .WithInput("Amount", 12.5m);

        var result = await RenderAsync("{{ Input.OrderId }} costs {{ Input.Amount }}", context);

        result.ShouldBe("ord-42 costs 12.5");
    }

    [Fact]
    public async Task Inputs_are_not_reachable_by_their_own_name()
    {
        var context = new TestExpressionContext().WithInput("OrderId", "ord-42");

        var result = await RenderAsync("[{{ OrderId }}]", context);

        result.ShouldBe("[]");
    }

    [Fact]
    public async Task Workflow_identity_is_exposed()
    {
        var context = new TestExpressionContext
        {
            CorrelationId = "corr-7",
            WorkflowInstanceId = "wi-1",
            WorkflowDefinitionId = "wd-1",
            WorkflowInstanceName = "Invoice 2025-001",
        };

        var result = await RenderAsync(
            "{{ CorrelationId }}|{{ WorkflowInstanceId }}|{{ WorkflowDefinitionId }}|{{ WorkflowInstanceName }}", context);

        result.ShouldBe("corr-7|wi-1|wd-1|Invoice 2025-001");
    }

    [Fact]
    public async Task A_missing_correlation_id_is_nil()
    {
        var context = new TestExpressionContext { CorrelationId = null };

        var result = await RenderAsync("{% if CorrelationId == nil %}none{% else %}{{ CorrelationId }}{% endif %}", context);

        result.ShouldBe("none");
    }

    [Fact]
    public async Task Current_value_and_last_result_are_exposed()
    {
        var context = new TestExpressionContext { LastResult = new JsonObject { ["Status"] = 200 } }
            .WithCurrentValue(new JsonObject { ["Sku"] = "A-1" });

        var result = await RenderAsync("{{ CurrentValue.Sku }}|{{ LastResult.Status }}", context);

        result.ShouldBe("A-1|200");
    }

    [Fact]
    public async Task Current_value_is_nil_outside_a_loop()
    {
        var result = await RenderAsync("{% if CurrentValue == nil %}no item{% endif %}", new TestExpressionContext());

        result.ShouldBe("no item");
    }

    [Fact]
    public async Task Reserved_names_win_over_variables_of_the_same_name()
    {
        var context = new TestExpressionContext { CorrelationId = "corr-1" }
            .WithVariable("CorrelationId", "from variable")
            .WithVariable("Input", "from variable")
            .WithVariable("LastResult", "from variable")
            .WithInput("X", "from input");

        var result = await RenderAsync(
            "{{ CorrelationId }}|{{ Input.X }}|[{{ LastResult }}]|{{ Variables.CorrelationId }}", context);

        result.ShouldBe("corr-1|from input|[]|from variable");
    }

    [Fact]
    public async Task Nested_json_object_members_are_reachable()
    {
        var ticket = JsonNode.Parse("""
            { "Priority": "High", "Owner": { "Name": "Grace", "Teams": ["ops", "sec"] }, "Id": 1234 }
            """);
        var context = new TestExpressionContext().WithVariable("Ticket", ticket);

        var result = await RenderAsync(
            "{{ Variables.Ticket.Priority }}|{{ Ticket.Owner.Name }}|{{ Ticket.Owner.Teams[1] }}|{{ Ticket['Id'] }}|{{ Ticket.Owner.Teams.size }}",
            context);

        result.ShouldBe("High|Grace|sec|1234|2");
    }

    [Fact]
    public async Task Json_object_keys_are_matched_exactly()
    {
        var context = new TestExpressionContext().WithVariable("Ticket", new JsonObject { ["Priority"] = "High" });

        var result = await RenderAsync("[{{ Ticket.priority }}]", context);

        result.ShouldBe("[]");
    }

    [Fact]
    public async Task Loops_run_over_json_arrays()
    {
        var items = JsonNode.Parse("""[ { "Name": "Bolt", "Qty": 3 }, { "Name": "Nut", "Qty": 10 } ]""");
        var context = new TestExpressionContext().WithVariable("Items", items);

        var result = await RenderAsync(
            "{% for item in Variables.Items %}{{ forloop.index }}. {{ item.Name }} x{{ item.Qty }}{% unless forloop.last %}, {% endunless %}{% endfor %}",
            context);

        result.ShouldBe("1. Bolt x3, 2. Nut x10");
    }

    [Fact]
    public async Task Json_arrays_work_with_array_filters()
    {
        var items = JsonNode.Parse("""[ { "Name": "Bolt", "Qty": 3 }, { "Name": "Nut", "Qty": 10 } ]""");
        var context = new TestExpressionContext().WithVariable("Items", items);

        var result = await RenderAsync(
            "{{ Items | map: 'Name' | join: ', ' }}|{{ Items | map: 'Qty' | sum }}|{{ Items | where: 'Name', 'Nut' | map: 'Qty' | first }}",
            context);

        result.ShouldBe("Bolt, Nut|13|10");
    }

    [Fact]
    public async Task Loops_run_over_variables_by_name()
    {
        var context = new TestExpressionContext().WithVariable("A", 1).WithVariable("B", 2);

        var result = await RenderAsync("{% for pair in Variables %}{{ pair[0] }}={{ pair[1] }};{% endfor %}", context);

        result.ShouldBe("A=1;B=2;");
    }

    [Fact]
    public async Task Json_values_become_their_primitives()
    {
        var data = JsonNode.Parse("""{ "Flag": true, "Off": false, "Count": 3, "Ratio": 0.25, "Nothing": null, "Text": "hi" }""");
        var context = new TestExpressionContext().WithVariable("Data", data);

        var result = await RenderAsync(
            "{% if Data.Flag %}yes{% endif %}|{% unless Data.Off %}off{% endunless %}|{{ Data.Count | plus: 1 }}|{{ Data.Ratio | times: 4 }}|{% if Data.Nothing == nil %}nil{% endif %}|{{ Data.Text | upcase }}",
            context);

        result.ShouldBe("yes|off|4|1.0|nil|HI");
    }

    [Fact]
    public async Task Values_of_the_engine_model_are_converted()
    {
        var context = new TestExpressionContext()
            .WithVariable("Long", 9_000_000_000L)
            .WithVariable("Double", 2.5d)
            .WithVariable("Decimal", 19.99m)
            .WithVariable("Guid", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"))
            .WithVariable("Span", TimeSpan.FromMinutes(90))
            .WithVariable("When", new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)))
            .WithVariable("Utc", new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc))
            .WithVariable("Huge", 1e300)
            .WithVariable("Day", DayOfWeek.Friday)
            .WithVariable("Clr", new[] { 1, 2, 3 })
            .WithVariable("Map", new Dictionary<string, object?> { ["Key"] = "value", ["Nested"] = new List<object?> { "x" } })
            .WithVariable("Element", JsonDocument.Parse("""{ "A": [1, { "B": "deep" }] }""").RootElement);

        var result = await RenderAsync(
            "{{ Long }}|{{ Double }}|{{ Decimal }}|{{ Guid }}|{{ Span }}|{{ When | date: '%Y-%m-%d %H:%M %z' }}|{{ Utc | date: '%H:%M %z' }}|{{ Huge }}|{{ Day }}|{{ Clr | join: '-' }}|{{ Map.Key }}{{ Map.Nested[0] }}|{{ Element.A[1].B }}",
            context);

        result.ShouldBe(
            "9000000000|2.5|19.99|0f8fad5b-d9cb-469f-a165-70867728950e|01:30:00|2025-03-04 05:06 +0200|05:06 +0000|1E+300|Friday|1-2-3|valuex|deep");
    }

    [Fact]
    public async Task Unknown_names_render_empty()
    {
        var result = await RenderAsync("[{{ Nope }}{{ Nope.Deeper }}{{ Variables.Nope }}{{ Input.Nope }}]", new TestExpressionContext());

        result.ShouldBe("[]");
    }

    [Fact]
    public async Task Only_the_variables_a_template_uses_are_read()
    {
        var context = new TestExpressionContext()
            .WithVariable("Used", "yes")
            .WithVariable("Unused", new JsonObject { ["Big"] = "data" });

        var result = await RenderAsync("{{ Used }}{{ Used }}{{ Variables.Used }}", context);

        result.ShouldBe("yesyesyes");
        context.VariableReads.ShouldBe(["Used"]);
    }

    [Fact]
    public async Task Assignments_stay_inside_the_template()
    {
        var context = new TestExpressionContext().WithVariable("Counter", 1);

        var result = await RenderAsync("{% assign Counter = 5 %}{{ Counter }}", context);

        result.ShouldBe("5");
        context.Variables["Counter"].ShouldBe(1);
        context.VariableWrites.ShouldBeEmpty();
    }

    [Fact]
    public async Task Each_render_reads_the_values_of_that_moment()
    {
        var ticket = new JsonObject { ["Priority"] = "High" };
        var context = new TestExpressionContext().WithVariable("Ticket", ticket);
        var compiled = new LiquidEvaluator().Compile("{{ Ticket.Priority }}");

        (await compiled.EvaluateAsync(context)).ShouldBe("High");
        ticket["Priority"] = "Low";
        (await compiled.EvaluateAsync(context)).ShouldBe("Low");
    }
}
