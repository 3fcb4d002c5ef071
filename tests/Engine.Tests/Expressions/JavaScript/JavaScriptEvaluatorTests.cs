using System.Text.Json.Nodes;
using Orchestrator.Engine.Expressions;
using Orchestrator.Engine.Expressions.JavaScript;
using static Orchestrator.Engine.Tests.Expressions.JavaScript.JavaScriptTestHelpers;

namespace Orchestrator.Engine.Tests.Expressions.JavaScript;

public sealed class JavaScriptEvaluatorTests
{
    [Fact]
    public void Language_is_JavaScript()
    {
        new JavaScriptEvaluator().Language.ShouldBe("JavaScript");
    }

    [Fact]
    public void Default_options_match_the_documented_limits()
    {
        var options = new JavaScriptOptions();

        options.Timeout.ShouldBe(TimeSpan.FromMilliseconds(500));
        options.MaxStatements.ShouldBe(1_000_000);
        options.MemoryLimitBytes.ShouldBe(32L * 1024 * 1024);
        options.MaxArraySize.ShouldBe(1_000_000);
        options.MaxRecursionDepth.ShouldBe(256);
    }

    [Theory]
    [InlineData(0, 1, 1, 1, 1)]
    [InlineData(100, 0, 1, 1, 1)]
    [InlineData(100, 1, 0, 1, 1)]
    [InlineData(100, 1, 1, -1, 1)]
    [InlineData(100, 1, 1, 1, 0)]
    public void Options_that_would_switch_a_limit_off_are_refused(
        int timeoutMs, int statements, long memory, int arraySize, int recursion)
    {
        var options = new JavaScriptOptions
        {
            Timeout = TimeSpan.FromMilliseconds(timeoutMs),
            MaxStatements = statements,
            MemoryLimitBytes = memory,
            MaxArraySize = arraySize,
            MaxRecursionDepth = recursion,
        };

        Should.Throw<ArgumentOutOfRangeException>(() => new JavaScriptEvaluator(options));
    }

    [Fact]
    public async Task Changing_options_after_construction_does_not_change_the_evaluator()
    {
        var options = new JavaScriptOptions { MaxStatements = 1_000 };
        var evaluator = new JavaScriptEvaluator(options);
        options.MaxStatements = 1_000_000;

        var error = await FailAsync<ExpressionLimitException>(evaluator.Compile("for (var i = 0; i < 100000; i++) {}"));

        error.Limit.ShouldBe("statements");
        error.Message.ShouldBe("JavaScript exceeded its statement limit of 1000");
    }

    [Fact]
    public async Task Expression_form_returns_its_completion_value()
    {
        var context = new TestExpressionContext().WithInput("Input1", "child");

        (await EvaluateAsync("\"Parent: \" + getInput1();", context)).ShouldBe("Parent: child");
    }

    [Fact]
    public async Task Comparison_returns_a_boolean()
    {
        (await EvaluateAsync("getCounter() > 1", new TestExpressionContext().WithVariable("Counter", 2))).ShouldBe(true);
        (await EvaluateAsync("getCounter() > 1", new TestExpressionContext().WithVariable("Counter", 1))).ShouldBe(false);
    }

    [Fact]
    public async Task Template_literal_reads_the_current_value()
    {
        var context = new TestExpressionContext { HasCurrentValue = true, CurrentValue = "Banana" };

        (await EvaluateAsync("`Current fruit: ${getCurrentValue()}`", context)).ShouldBe("Current fruit: Banana");
    }

    [Fact]
    public async Task Array_literal_becomes_a_json_array()
    {
        var result = await EvaluateAsync("[\"Apple\",\"Banana\"]");

        var array = result.ShouldBeOfType<JsonArray>();
        array.Select(item => item!.GetValue<string>()).ShouldBe(["Apple", "Banana"]);
    }

    [Fact]
    public async Task Statements_return_the_value_of_the_last_one()
    {
        (await EvaluateAsync("var a = 2; var b = 3; a * b;")).ShouldBe(6);
    }

    [Fact]
    public async Task Top_level_return_runs_as_a_function_body()
    {
        (await EvaluateAsync("return false;")).ShouldBe(false);
    }

    [Fact]
    public async Task Top_level_return_of_an_object_becomes_a_json_object()
    {
        var result = await EvaluateAsync("""
            var name = "Ada";
            if (name.length > 10) {
                return null;
            }
            return { name: name, tags: ["a", "b"], nested: { ok: true } };
            """);

        var json = result.ShouldBeOfType<JsonObject>();
        json["name"]!.GetValue<string>().ShouldBe("Ada");
        json["tags"]!.AsArray().Count.ShouldBe(2);
        json["nested"]!["ok"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Body_that_ends_in_a_line_comment_still_compiles()
    {
        (await EvaluateAsync("return 7; // seven")).ShouldBe(7);
    }

    [Fact]
    public async Task Empty_source_evaluates_to_null()
    {
        (await EvaluateAsync(string.Empty)).ShouldBeNull();
    }

    [Fact]
    public async Task Compiled_expression_is_reusable_and_not_constant()
    {
        var expression = Evaluator.Compile("getCounter() + 1");

        expression.IsConstant.ShouldBeFalse();
        (await expression.EvaluateAsync(new TestExpressionContext().WithVariable("Counter", 1))).ShouldBe(2);
        (await expression.EvaluateAsync(new TestExpressionContext().WithVariable("Counter", 41))).ShouldBe(42);
    }

    [Theory]
    [InlineData("1 + 1", 2)]
    [InlineData("-5", -5)]
    [InlineData("-0", 0)]
    public async Task Integral_numbers_that_fit_an_int_become_int(string source, int expected)
    {
        var result = await EvaluateAsync(source);

        result.ShouldBeOfType<int>().ShouldBe(expected);
    }

    [Fact]
    public async Task Integral_numbers_beyond_int_become_long()
    {
        (await EvaluateAsync("2 ** 40")).ShouldBeOfType<long>().ShouldBe(1L << 40);
        (await EvaluateAsync("-(2 ** 40)")).ShouldBeOfType<long>().ShouldBe(-(1L << 40));
    }

    [Fact]
    public async Task Other_numbers_become_double()
    {
        (await EvaluateAsync("1.5")).ShouldBeOfType<double>().ShouldBe(1.5);
        (await EvaluateAsync("2 ** 70")).ShouldBeOfType<double>().ShouldBe(Math.Pow(2, 70));
        double.IsNaN((double)(await EvaluateAsync("0 / 0"))!).ShouldBeTrue();
        (await EvaluateAsync("1 / 0")).ShouldBe(double.PositiveInfinity);
    }

    [Fact]
    public async Task Primitives_convert_to_their_clr_counterparts()
    {
        (await EvaluateAsync("'text'")).ShouldBe("text");
        (await EvaluateAsync("true")).ShouldBe(true);
        (await EvaluateAsync("null")).ShouldBeNull();
        (await EvaluateAsync("undefined")).ShouldBeNull();
        (await EvaluateAsync("10n")).ShouldBe(10L);
        (await EvaluateAsync("new String('boxed')")).ShouldBe("boxed");
    }

    [Fact]
    public async Task Functions_and_symbols_have_no_value()
    {
        (await EvaluateAsync("(function () { return 1; })")).ShouldBeNull();
        (await EvaluateAsync("Symbol('s')")).ShouldBeNull();
    }

    [Fact]
    public async Task Date_becomes_a_utc_DateTimeOffset()
    {
        var result = await EvaluateAsync("new Date(Date.UTC(2023, 0, 2, 3, 4, 5, 6))");

        var date = result.ShouldBeOfType<DateTimeOffset>();
        date.ShouldBe(new DateTimeOffset(2023, 1, 2, 3, 4, 5, 6, TimeSpan.Zero));
        date.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public async Task Invalid_date_becomes_null()
    {
        (await EvaluateAsync("new Date('not a date')")).ShouldBeNull();
    }

    [Fact]
    public async Task Date_outside_the_clr_range_is_an_expression_error()
    {
        var error = await FailAsync("new Date(8.64e15)");

        error.Message.ShouldContain("outside the years 1 to 9999");
    }

    [Fact]
    public async Task Schema_keywords_survive_a_round_trip_out_of_a_script()
    {
        var result = await EvaluateAsync("""
            ({ "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:example:order",
               "type": "object", "properties": { "item": { "$ref": "#/$defs/item" } } })
            """);

        var json = result.ShouldBeOfType<JsonObject>();
        json["$schema"]!.GetValue<string>().ShouldBe("https://json-schema.org/draft/2020-12/schema");
        json["$id"]!.GetValue<string>().ShouldBe("urn:example:order");
        json["properties"]!["item"]!["$ref"]!.GetValue<string>().ShouldBe("#/$defs/item");
    }

    [Fact]
    public async Task Schema_keywords_survive_a_round_trip_through_a_script()
    {
        var schema = JsonNode.Parse("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"urn:example:order",
             "$defs":{"item":{"type":"string"}},"properties":{"item":{"$ref":"#/$defs/item"}},"required":["item"]}
            """)!;
        var context = new TestExpressionContext().WithVariable("Schema", schema);

        var result = await EvaluateAsync("getSchema()", context);

        JsonNode.DeepEquals(result.ShouldBeAssignableTo<JsonNode>(), schema).ShouldBeTrue();
        result.ShouldNotBeSameAs(schema);
    }

    [Fact]
    public async Task Cyclic_result_is_an_expression_error()
    {
        var error = await FailAsync("var a = {}; a.self = a; a");

        error.Message.ShouldStartWith("JavaScript error: TypeError:");
        error.Message.ShouldContain("Cyclic");
    }

    [Fact]
    public void Syntax_error_is_reported_at_compile_with_line_and_column()
    {
        var error = Should.Throw<ExpressionSyntaxException>(() => Evaluator.Compile("var a = ;"));

        error.Message.ShouldBe("JavaScript syntax error: Unexpected token ';' (line 1, column 9)");
    }

    [Fact]
    public void Syntax_error_on_a_later_line_names_that_line()
    {
        var error = Should.Throw<ExpressionSyntaxException>(() => Evaluator.Compile("var a = 1;\n\n  foo bar"));

        error.Message.ShouldBe("JavaScript syntax error: Unexpected identifier 'bar' (line 3, column 7)");
    }

    [Fact]
    public void Syntax_error_in_a_body_with_return_names_the_original_line()
    {
        var error = Should.Throw<ExpressionSyntaxException>(() => Evaluator.Compile("if (x) return 1;\n  foo bar"));

        error.Message.ShouldBe("JavaScript syntax error: Unexpected identifier 'bar' (line 2, column 7)");
    }

    [Fact]
    public void Body_that_would_break_out_of_the_function_wrapper_is_a_syntax_error()
    {
        var error = Should.Throw<ExpressionSyntaxException>(() => Evaluator.Compile("return 1; }"));

        error.Message.ShouldBe("JavaScript syntax error: Illegal return statement (line 1, column 1)");
    }

    [Fact]
    public async Task Script_error_names_type_message_line_and_column()
    {
        var error = await FailAsync("foo");

        error.ShouldBeOfType<ExpressionException>();
        error.Message.ShouldBe("JavaScript error: ReferenceError: foo is not defined (line 1, column 1)");
    }

    [Fact]
    public async Task Script_error_in_a_body_with_return_names_the_original_line()
    {
        var error = await FailAsync("var x = 1;\nreturn foo;");

        error.Message.ShouldBe("JavaScript error: ReferenceError: foo is not defined (line 2, column 8)");
    }

    [Fact]
    public async Task Thrown_error_keeps_its_custom_name_and_message()
    {
        var error = await FailAsync("""
            class OrderError extends Error { constructor(m) { super(m); this.name = 'OrderError'; } }
            throw new OrderError('no items');
            """);

        error.Message.ShouldStartWith("JavaScript error: OrderError: no items (line 2,");
    }

    [Fact]
    public async Task Thrown_primitive_and_object_are_described()
    {
        (await FailAsync("throw 'plain text'")).Message.ShouldStartWith("JavaScript error: plain text (line 1,");
        (await FailAsync("throw { code: 42 }")).Message.ShouldStartWith("JavaScript error: {\"code\":42} (line 1,");
    }

    [Fact]
    public async Task Describing_an_error_does_not_run_its_getters()
    {
        var error = await FailAsync("""
            var e = new Error('x');
            Object.defineProperty(e, 'name', { get: function () { while (true) {} } });
            throw e;
            """);

        error.Message.ShouldStartWith("JavaScript error: Error: x (line 3,");
    }

    [Fact]
    public async Task Settled_promise_yields_its_value()
    {
        var result = await EvaluateAsync("(async function () { await null; return { answer: 42 }; })()");

        result.ShouldBeOfType<JsonObject>()["answer"]!.GetValue<int>().ShouldBe(42);
    }

    [Fact]
    public async Task Rejected_promise_is_a_script_error()
    {
        var error = await FailAsync("(async function () { throw new RangeError('too far'); })()");

        error.Message.ShouldBe("JavaScript error: Uncaught (in promise) RangeError: too far");
    }

    [Fact]
    public async Task Promise_that_can_never_settle_is_reported_without_waiting()
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var error = await FailAsync("new Promise(function () {})");

        error.Message.ShouldBe("JavaScript returned a Promise that never settled; nothing can settle it once the script has ended");
        stopwatch.ElapsedMilliseconds.ShouldBeLessThan(1_000);
    }

    [Fact]
    public async Task New_date_reads_the_context_clock()
    {
        var context = new TestExpressionContext();

        (await EvaluateAsync("new Date().toISOString()", context)).ShouldBe("2024-05-17T08:30:00.000Z");
        (await EvaluateAsync("new Date()", context)).ShouldBe(context.Clock.GetUtcNow());
        (await EvaluateAsync("Date.now()", context)).ShouldBe(context.Clock.GetUtcNow().ToUnixTimeMilliseconds());

        context.Clock.Advance(TimeSpan.FromHours(2));

        (await EvaluateAsync("new Date().toISOString()", context)).ShouldBe("2024-05-17T10:30:00.000Z");
    }

    [Fact]
    public async Task Scripts_run_in_utc()
    {
        (await EvaluateAsync("new Date(2024, 0, 1).getTimezoneOffset()")).ShouldBe(0);
        (await EvaluateAsync("new Date(2024, 0, 1, 12).toISOString()")).ShouldBe("2024-01-01T12:00:00.000Z");
    }

    [Theory]
    [InlineData("typeof System")]
    [InlineData("typeof importNamespace")]
    [InlineData("typeof clr")]
    [InlineData("typeof require")]
    public async Task Clr_is_not_reachable(string source)
    {
        (await EvaluateAsync(source)).ShouldBe("undefined");
    }

    [Fact]
    public async Task Values_from_the_workflow_are_plain_javascript_objects()
    {
        var context = new TestExpressionContext().WithVariable("Order", JsonNode.Parse("""{"total":5}"""));

        (await EvaluateAsync("Object.getPrototypeOf(getOrder()) === Object.prototype", context)).ShouldBe(true);
        (await EvaluateAsync("getOrder().constructor.constructor === Function", context)).ShouldBe(true);
        (await EvaluateAsync("typeof getOrder().GetType", context)).ShouldBe("undefined");
    }

    [Fact]
    public async Task Globals_do_not_leak_between_evaluations()
    {
        var expression = Evaluator.Compile("var before = typeof leaked; leaked = 1; before");
        var context = new TestExpressionContext();

        (await expression.EvaluateAsync(context)).ShouldBe("undefined");
        (await expression.EvaluateAsync(context)).ShouldBe("undefined");
    }

    [Fact]
    public async Task Same_compiled_expression_evaluates_correctly_from_many_threads()
    {
        var expression = Evaluator.Compile("""
            var total = 0;
            for (var i = 0; i < 200; i++) { total += getCounter(); }
            variables.Counter = total + getInput('Offset');
            setOutcome('Done' + getCounter());
            return { total: total, id: getWorkflowInstanceId() };
            """);
        var cancellationToken = TestContext.Current.CancellationToken;

        var runs = Enumerable.Range(0, 64).Select(i => Task.Run(
            async () =>
            {
                var context = new TestExpressionContext { WorkflowInstanceId = $"instance-{i}" }
                    .WithVariable("Counter", i)
                    .WithInput("Offset", 1);
                var result = await expression.EvaluateAsync(context);
                return (i, context, result);
            },
            cancellationToken));

        foreach (var (i, context, result) in await Task.WhenAll(runs))
        {
            var json = result.ShouldBeOfType<JsonObject>();
            json["total"]!.GetValue<int>().ShouldBe(200 * i);
            json["id"]!.GetValue<string>().ShouldBe($"instance-{i}");
            context.Variable("Counter").ShouldBe((200 * i) + 1);
            context.Outcomes.ShouldBe([$"Done{(200 * i) + 1}"]);
        }
    }

    [Fact]
    public async Task Cancelled_token_stops_before_running()
    {
        using var source = new CancellationTokenSource();
        await source.CancelAsync();
        var context = new TestExpressionContext { CancellationToken = source.Token };

        var error = await Should.ThrowAsync<Exception>(async () => await EvaluateAsync("1", context));

        error.ShouldBeAssignableTo<OperationCanceledException>();
    }

    [Fact]
    public async Task Cancelling_stops_a_running_script()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions
        {
            Timeout = TimeSpan.FromSeconds(30),
            MaxStatements = int.MaxValue,
        });
        using var source = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var context = new TestExpressionContext { CancellationToken = source.Token };
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var error = await Should.ThrowAsync<Exception>(
            async () => await evaluator.Compile("while (true) {}").EvaluateAsync(context));

        error.ShouldBeAssignableTo<OperationCanceledException>();
        stopwatch.ElapsedMilliseconds.ShouldBeLessThan(5_000);
    }
}
