using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Expressions.JavaScript;
using static Orchestrator.Engine.Tests.Expressions.JavaScript.JavaScriptTestHelpers;

namespace Orchestrator.Engine.Tests.Expressions.JavaScript;

public sealed class JavaScriptHostFunctionTests
{
    [Fact]
    public async Task Host_function_takes_and_returns_value_model_values()
    {
        var context = WithFunctions(new JavaScriptFunction("addDays", 2, args => ((DateTimeOffset)args[0]!).AddDays((int)args[1]!)));

        (await EvaluateAsync("addDays(new Date(Date.UTC(2026, 0, 30, 9)), 3).toISOString()", context)).ShouldBe("2026-02-02T09:00:00.000Z");
        (await EvaluateAsync("addDays instanceof Function && addDays.length", context)).ShouldBe(2);
    }

    [Fact]
    public async Task Host_function_gets_missing_arguments_as_null()
    {
        var context = WithFunctions(new JavaScriptFunction("describe", 3, args => string.Join(",", args.Select(a => a?.GetType().Name ?? "null"))));

        (await EvaluateAsync("describe('x', 1.5)", context)).ShouldBe("String,Double,null");
        (await EvaluateAsync("describe(undefined, 2, true, null)", context)).ShouldBe("null,Int32,Boolean,null");
    }

    [Fact]
    public async Task Host_function_refusal_is_a_catchable_type_error_naming_the_function()
    {
        var context = WithFunctions(new JavaScriptFunction("strict", 1, _ => throw new JavaScriptFunctionException("value must be positive, got -1")));

        (await EvaluateAsync("try { strict(-1); 'called' } catch (e) { e instanceof TypeError && e.message }", context))
            .ShouldBe("strict: value must be positive, got -1");

        var error = await FailAsync("strict(-1)", context);
        error.Message.ShouldBe("JavaScript error: TypeError: strict: value must be positive, got -1 (line 1, column 1)");
    }

    [Fact]
    public async Task Host_function_named_like_a_fixed_helper_or_a_global_does_not_replace_it()
    {
        var context = WithFunctions(
            new JavaScriptFunction("getInput", 1, _ => "host"),
            new JavaScriptFunction("Date", 0, _ => "host"),
            new JavaScriptFunction("extra", 0, _ => "host"));
        context.WithInput("Name", "Ada");

        (await EvaluateAsync("getInput('Name')", context)).ShouldBe("Ada");
        (await EvaluateAsync("new Date(0).toISOString()", context)).ShouldBe("1970-01-01T00:00:00.000Z");
        (await EvaluateAsync("extra()", context)).ShouldBe("host");
    }

    [Fact]
    public async Task Host_functions_of_every_registered_source_are_installed()
    {
        var services = new ServiceCollection()
            .AddSingleton<IJavaScriptFunctions>(new FunctionSource(new JavaScriptFunction("one", 0, _ => 1)))
            .AddSingleton<IJavaScriptFunctions>(new FunctionSource(new JavaScriptFunction("two", 0, _ => 2)))
            .BuildServiceProvider();

        (await EvaluateAsync("one() + two()", new TestExpressionContext { Services = services })).ShouldBe(3);
    }

    [Fact]
    public async Task Without_services_a_script_has_only_the_built_in_helpers()
    {
        (await EvaluateAsync("typeof extra")).ShouldBe("undefined");
        (await EvaluateAsync("typeof extra", new TestExpressionContext { Services = new ServiceCollection().BuildServiceProvider() })).ShouldBe("undefined");
    }

    private static TestExpressionContext WithFunctions(params JavaScriptFunction[] functions) =>
        new() { Services = new ServiceCollection().AddSingleton<IJavaScriptFunctions>(new FunctionSource(functions)).BuildServiceProvider() };

    private sealed class FunctionSource(params JavaScriptFunction[] functions) : IJavaScriptFunctions
    {
        public IEnumerable<JavaScriptFunction> Functions { get; } = functions;
    }
}
