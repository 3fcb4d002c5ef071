using System.Text.Json.Nodes;
using Orchestrator.Engine.Expressions;
using static Orchestrator.Engine.Tests.Expressions.JavaScript.JavaScriptTestHelpers;

namespace Orchestrator.Engine.Tests.Expressions.JavaScript;

public sealed class JavaScriptHelperTests
{
    [Fact]
    public async Task GetVariable_reads_a_copy_of_a_variable()
    {
        var order = JsonNode.Parse("""{"total":5,"items":["a"]}""")!;
        var context = new TestExpressionContext().WithVariable("Order", order).WithVariable("Name", "Ada");

        (await EvaluateAsync("getVariable('Name')", context)).ShouldBe("Ada");
        (await EvaluateAsync("getVariable('Order').items[0]", context)).ShouldBe("a");
        (await EvaluateAsync("var o = getVariable('Order'); o.total = 99; getVariable('Order').total", context)).ShouldBe(5);
        order["total"]!.GetValue<int>().ShouldBe(5);
        context.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetVariable_of_an_unknown_name_is_undefined()
    {
        (await EvaluateAsync("typeof getVariable('Missing')")).ShouldBe("undefined");
    }

    [Fact]
    public async Task SetVariable_writes_through_the_context()
    {
        var context = new TestExpressionContext().WithVariable("Counter", 1);

        (await EvaluateAsync("setVariable('Counter', getVariable('Counter') + 1); getVariable('Counter')", context)).ShouldBe(2);

        context.Variable("Counter").ShouldBe(2);
        context.Writes.ShouldBe([("Counter", (object?)2)]);
    }

    [Fact]
    public async Task SetVariable_converts_objects_to_json()
    {
        var context = new TestExpressionContext().WithVariable("Order", null);

        await EvaluateAsync("setVariable('Order', { total: 5, tags: ['x'] })", context);

        var order = context.Variable("Order").ShouldBeOfType<JsonObject>();
        order.ToJsonString().ShouldBe("""{"total":5,"tags":["x"]}""");
    }

    [Fact]
    public async Task SetVariable_of_an_unknown_variable_propagates_the_context_error()
    {
        var error = await FailAsync("setVariable('Nope', 1)");

        error.Message.ShouldBe("Variable 'Nope' does not exist in this workflow");
    }

    [Fact]
    public async Task Named_getters_and_setters_capitalize_the_first_letter()
    {
        var context = new TestExpressionContext().WithVariable("Counter", 3).WithVariable("myNumber", 4);

        (await EvaluateAsync("setCounter(getCounter() * 10); setMyNumber(getMyNumber() + 1); getCounter() + getMyNumber()", context))
            .ShouldBe(35);

        context.Variable("Counter").ShouldBe(30);
        context.Variable("myNumber").ShouldBe(5);
    }

    [Fact]
    public async Task Innermost_variable_of_a_repeated_name_is_the_one_read()
    {
        var context = new TestExpressionContext().WithVariable("Level", "inner");

        (await EvaluateAsync("getLevel() + '/' + variables.Level", context)).ShouldBe("inner/inner");
    }

    [Fact]
    public async Task Variables_object_exposes_the_visible_variables()
    {
        var context = new TestExpressionContext()
            .WithVariable("Counter", 7)
            .WithVariable("Order", JsonNode.Parse("""{"total":5}"""));

        (await EvaluateAsync("variables.Counter + variables.Order.total", context)).ShouldBe(12);
        (await EvaluateAsync("Object.keys(variables).join(',')", context)).ShouldBe("Counter,Order");
        context.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Writes_to_variables_are_written_back_after_the_script_only_when_changed()
    {
        var context = new TestExpressionContext()
            .WithVariable("Counter", 7)
            .WithVariable("Untouched", "same")
            .WithVariable("Rewritten", 5);

        await EvaluateAsync("variables.Counter = variables.Counter + 1; variables.Rewritten = 5;", context);

        context.Writes.ShouldBe([("Counter", (object?)8)]);
        context.Variable("Untouched").ShouldBe("same");
    }

    [Fact]
    public async Task Reads_after_a_write_to_variables_see_the_new_value()
    {
        var context = new TestExpressionContext().WithVariable("Counter", 1);

        (await EvaluateAsync("variables.Counter = 10; getCounter() + getVariable('Counter')", context)).ShouldBe(20);

        context.Writes.ShouldBe([("Counter", (object?)10)]);
    }

    [Fact]
    public async Task Changes_inside_a_variables_object_are_written_back()
    {
        var context = new TestExpressionContext().WithVariable("Order", JsonNode.Parse("""{"total":5,"lines":[]}"""));

        await EvaluateAsync("variables.Order.total = 6; variables.Order.lines.push('a');", context);

        context.Variable("Order").ShouldBeOfType<JsonObject>().ToJsonString().ShouldBe("""{"total":6,"lines":["a"]}""");
    }

    [Fact]
    public async Task A_changed_date_is_written_back_as_a_date()
    {
        var context = new TestExpressionContext()
            .WithVariable("When", new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero))
            .WithVariable("Same", new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));

        await EvaluateAsync("variables.When.setUTCFullYear(2021); variables.Same.getUTCFullYear()", context);

        context.Writes.ShouldBe([("When", (object?)new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero))]);
    }

    [Fact]
    public async Task SetVariable_and_variables_stay_in_step()
    {
        var context = new TestExpressionContext().WithVariable("Counter", 1);

        (await EvaluateAsync("var before = variables.Counter; setCounter(5); before + ':' + variables.Counter", context))
            .ShouldBe("1:5");

        context.Writes.ShouldBe([("Counter", (object?)5)]);
    }

    [Fact]
    public async Task Writing_an_unknown_name_into_variables_propagates_the_context_error()
    {
        var context = new TestExpressionContext().WithVariable("Counter", 1);

        var error = await FailAsync("variables.Countr = 2;", context);

        error.Message.ShouldBe("Variable 'Countr' does not exist in this workflow");
    }

    [Fact]
    public async Task A_failing_script_writes_nothing_back()
    {
        var context = new TestExpressionContext().WithVariable("Counter", 1);

        await FailAsync("variables.Counter = 5; throw new Error('stop');", context);

        context.Writes.ShouldBeEmpty();
        context.Variable("Counter").ShouldBe(1);
    }

    [Fact]
    public async Task Script_declaring_its_own_variables_takes_the_name_over()
    {
        var context = new TestExpressionContext().WithVariable("Counter", 1);

        (await EvaluateAsync("var variables = { Counter: 5 }; variables.Counter + getCounter()", context)).ShouldBe(6);

        context.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dates_cross_as_javascript_dates()
    {
        var context = new TestExpressionContext()
            .WithVariable("When", new DateTimeOffset(2020, 6, 1, 12, 0, 0, TimeSpan.FromHours(2)))
            .WithVariable("Next", null);

        (await EvaluateAsync("getWhen() instanceof Date", context)).ShouldBe(true);
        (await EvaluateAsync("getWhen().toISOString()", context)).ShouldBe("2020-06-01T10:00:00.000Z");

        await EvaluateAsync("var d = getWhen(); d.setUTCDate(d.getUTCDate() + 1); setNext(d);", context);
        context.Variable("Next").ShouldBe(new DateTimeOffset(2020, 6, 2, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Other_value_model_types_cross_as_json()
    {
        var id = Guid.NewGuid();
        var context = new TestExpressionContext()
            .WithVariable("Id", id)
            .WithVariable("Span", TimeSpan.FromMinutes(90))
            .WithVariable("Price", 12.5m)
            .WithVariable("Big", 1L << 40)
            .WithVariable("Items", new[] { 1, 2, 3 });

        (await EvaluateAsync("getId()", context)).ShouldBe(id.ToString());
        (await EvaluateAsync("getSpan()", context)).ShouldBe("01:30:00");
        (await EvaluateAsync("getPrice() * 2", context)).ShouldBe(25);
        (await EvaluateAsync("getBig() + 1", context)).ShouldBe((1L << 40) + 1);
        (await EvaluateAsync("getItems().reduce(function (a, b) { return a + b; }, 0)", context)).ShouldBe(6);
    }

    [Fact]
    public async Task GetInput_and_named_input_getters_read_inputs()
    {
        var context = new TestExpressionContext()
            .WithInput("Customer", JsonNode.Parse("""{"name":"Ada"}"""))
            .WithInput("retries", 3);

        (await EvaluateAsync("getInput('Customer').name", context)).ShouldBe("Ada");
        (await EvaluateAsync("getCustomer().name + getRetries()", context)).ShouldBe("Ada3");
        (await EvaluateAsync("typeof getInput('Missing')", context)).ShouldBe("undefined");
    }

    [Fact]
    public async Task Variable_wins_over_an_input_of_the_same_name()
    {
        var context = new TestExpressionContext().WithVariable("Amount", "variable").WithInput("Amount", "input");

        (await EvaluateAsync("getAmount() + '/' + getInput('Amount')", context)).ShouldBe("variable/input");
    }

    [Fact]
    public async Task Variable_named_like_a_fixed_helper_does_not_replace_it()
    {
        var context = new TestExpressionContext().WithVariable("Input", "variable").WithInput("Input", "input");

        (await EvaluateAsync("getInput('Input')", context)).ShouldBe("input");
        (await EvaluateAsync("variables.Input", context)).ShouldBe("variable");
    }

    [Fact]
    public async Task Workflow_identity_helpers_read_and_write_the_context()
    {
        var context = new TestExpressionContext
        {
            WorkflowInstanceId = "wi-42",
            WorkflowDefinitionId = "orders",
            CorrelationId = "corr-1",
            WorkflowInstanceName = "first",
        };

        (await EvaluateAsync(
            "[getWorkflowInstanceId(), getWorkflowDefinitionId(), getCorrelationId(), getWorkflowInstanceName(), getWorkflowDefinitionVersion()].join('|')",
            context)).ShouldBe("wi-42|orders|corr-1|first|3");

        await EvaluateAsync("setCorrelationId('corr-2'); setWorkflowInstanceName('Order ' + 7);", context);

        context.CorrelationId.ShouldBe("corr-2");
        context.WorkflowInstanceName.ShouldBe("Order 7");

        await EvaluateAsync("setCorrelationId(null); setWorkflowInstanceName(undefined);", context);

        context.CorrelationId.ShouldBeNull();
        context.WorkflowInstanceName.ShouldBeNull();
        (await EvaluateAsync("getCorrelationId() === null", context)).ShouldBe(true);
    }

    [Fact]
    public async Task SetOutcome_sets_a_single_outcome()
    {
        var context = new TestExpressionContext();

        await EvaluateAsync("setOutcome('Approved')", context);

        context.Outcomes.ShouldBe(["Approved"]);
    }

    [Fact]
    public async Task SetOutcomes_sets_several_outcomes()
    {
        var context = new TestExpressionContext();

        await EvaluateAsync("setOutcomes(['Done', 'Notify'])", context);

        context.Outcomes.ShouldBe(["Done", "Notify"]);
    }

    [Fact]
    public async Task SetOutcomes_without_an_array_is_a_script_error()
    {
        var error = await FailAsync("setOutcomes(42)");

        error.Message.ShouldStartWith("JavaScript error: TypeError: setOutcomes expects an array of outcome names");
    }

    [Fact]
    public async Task GetCurrentValue_is_undefined_outside_a_loop()
    {
        (await EvaluateAsync("typeof getCurrentValue()")).ShouldBe("undefined");
        (await EvaluateAsync("getCurrentValue() === undefined ? 'none' : 'some'")).ShouldBe("none");
    }

    [Fact]
    public async Task GetCurrentValue_reads_the_loop_item()
    {
        var context = new TestExpressionContext { HasCurrentValue = true, CurrentValue = JsonNode.Parse("""{"sku":"A1"}""") };

        (await EvaluateAsync("getCurrentValue().sku", context)).ShouldBe("A1");
    }

    [Fact]
    public async Task Activity_output_getters_read_named_outputs()
    {
        var context = new TestExpressionContext();
        context.Outputs[("WriteLine1", "Result")] = "written";
        context.Outputs[("httpEndpoint", "body")] = JsonNode.Parse("""{"id":9}""");

        (await EvaluateAsync("getResultFromWriteLine1()", context)).ShouldBe("written");
        (await EvaluateAsync("getBodyFromhttpEndpoint().id + getBodyFromHttpEndpoint().id", context)).ShouldBe(18);
    }

    [Fact]
    public async Task GetLastResult_reads_the_previous_result()
    {
        (await EvaluateAsync("getLastResult() * 2", new TestExpressionContext { LastResult = 21 })).ShouldBe(42);
        (await EvaluateAsync("getLastResult()", new TestExpressionContext())).ShouldBeNull();
    }

    [Theory]
    [InlineData("isNullOrWhiteSpace(null)", true)]
    [InlineData("isNullOrWhiteSpace(undefined)", true)]
    [InlineData("isNullOrWhiteSpace('')", true)]
    [InlineData("isNullOrWhiteSpace('  \\t')", true)]
    [InlineData("isNullOrWhiteSpace(' x ')", false)]
    [InlineData("isNullOrWhiteSpace(0)", false)]
    [InlineData("isNullOrEmpty(null)", true)]
    [InlineData("isNullOrEmpty('')", true)]
    [InlineData("isNullOrEmpty('  ')", false)]
    [InlineData("isNullOrEmpty('x')", false)]
    public async Task String_tests_treat_null_and_undefined_as_empty(string source, bool expected)
    {
        (await EvaluateAsync(source)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("newGuid()")]
    [InlineData("newGuidString()")]
    public async Task NewGuid_returns_a_fresh_guid_string(string source)
    {
        var first = (await EvaluateAsync(source)).ShouldBeOfType<string>();
        var second = (await EvaluateAsync(source)).ShouldBeOfType<string>();

        Guid.TryParseExact(first, "D", out _).ShouldBeTrue();
        second.ShouldNotBe(first);
    }

    [Fact]
    public async Task NewShortGuid_returns_22_url_safe_characters()
    {
        var value = (await EvaluateAsync("newShortGuid()")).ShouldBeOfType<string>();

        value.Length.ShouldBe(22);
        value.ShouldAllBe(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_');
    }

    [Fact]
    public async Task ParseGuid_normalizes_a_guid()
    {
        (await EvaluateAsync("parseGuid('{6F9619FF-8B86-D011-B42D-00CF4FC964FF}')"))
            .ShouldBe("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
    }

    [Fact]
    public async Task ParseGuid_throws_a_catchable_error_on_bad_input()
    {
        (await EvaluateAsync("try { parseGuid('nope'); 'parsed' } catch (e) { e instanceof TypeError }")).ShouldBe(true);

        var error = await FailAsync("parseGuid('nope')");
        error.Message.ShouldStartWith("JavaScript error: TypeError: parseGuid: 'nope' is not a GUID");
    }

    [Fact]
    public async Task ToJson_stringifies_like_JSON_stringify()
    {
        (await EvaluateAsync("toJson({ a: 1, b: [true, null], c: undefined })")).ShouldBe("""{"a":1,"b":[true,null]}""");
        (await EvaluateAsync("toJson('x')")).ShouldBe("\"x\"");
        (await EvaluateAsync("toJson({ a: 1 }, null, 2)")).ShouldBe("{\n  \"a\": 1\n}");
        (await EvaluateAsync("typeof toJson(undefined)")).ShouldBe("undefined");
        (await EvaluateAsync("toJson({ $id: 'x' }) === JSON.stringify({ $id: 'x' })")).ShouldBe(true);
    }

    [Fact]
    public async Task JsonParse_parses_json()
    {
        (await EvaluateAsync("jsonParse('{\"a\":[1,2]}').a[1]")).ShouldBe(2);
        (await EvaluateAsync("jsonParse(toJson({ $schema: 's' })).$schema")).ShouldBe("s");
    }

    [Fact]
    public async Task JsonParse_of_bad_json_is_a_syntax_error_in_the_script()
    {
        (await EvaluateAsync("try { jsonParse('{'); 'parsed' } catch (e) { e instanceof SyntaxError }")).ShouldBe(true);

        var error = await FailAsync("jsonParse('{')");
        error.Message.ShouldStartWith("JavaScript error: SyntaxError:");
    }

    [Fact]
    public async Task Helpers_that_need_a_name_refuse_none()
    {
        var error = await FailAsync("getVariable()");

        error.Message.ShouldStartWith("JavaScript error: TypeError: getVariable expects a name");
    }

    [Fact]
    public async Task Helpers_are_javascript_functions()
    {
        (await EvaluateAsync("typeof getVariable === 'function' && getVariable.name === 'getVariable'")).ShouldBe(true);
    }

    [Fact]
    public async Task Context_errors_are_not_hidden_by_the_script()
    {
        var error = await FailAsync("try { setVariable('Nope', 1); } catch (e) { 'swallowed' }");

        error.ShouldBeOfType<ExpressionException>();
        error.Message.ShouldBe("Variable 'Nope' does not exist in this workflow");
    }
}
