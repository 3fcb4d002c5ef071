using System.Diagnostics;
using Orchestrator.Engine.Expressions;
using Orchestrator.Engine.Expressions.JavaScript;

namespace Orchestrator.Engine.Tests.Expressions.JavaScript;

/// <summary>
/// Hostile scripts must be stopped by the limit meant for them, with a message naming it, well within a second:
/// that bound is what keeps one bad workflow from starving the others, not a performance target.
/// </summary>
/// <remarks>
/// Run alone: several limits race the time limit, and a machine busy with other tests would let the clock win
/// and report "time" where the script really hit another limit.
/// </remarks>
[Collection(SandboxTimingGroup.Name)]
public sealed class JavaScriptSandboxTests
{
    private const long SandboxBoundMs = 1_000;

    private const string DefaultTimeLimitMessage = "JavaScript exceeded its time limit of 500 ms";

    /// <summary>
    /// Source, the limit meant to stop it, that limit's message, and whether the script runs a loop: a loop on
    /// a starved machine can use up the 500 ms time limit before it reaches its own limit, and being stopped by
    /// the clock is then just as correct.
    /// </summary>
    public static TheoryData<string, string, string, bool> HostileScripts => new()
    {
        { "while(true){}", "statements", "JavaScript exceeded its statement limit of 1000000", true },
        { "new Array(1e9)", "array-size", "JavaScript array size limit of 1000000 exceeded", false },
        { "eval('1')", "string-compilation", "JavaScript may not compile strings (eval and Function are disabled)", false },
        { "Function('return 1')()", "string-compilation", "JavaScript may not compile strings (eval and Function are disabled)", false },
        { "(function(){}).constructor('return 1')()", "string-compilation", "JavaScript may not compile strings (eval and Function are disabled)", false },
        { "function f(){ return f(); } f()", "recursion", "JavaScript exceeded its recursion limit of 256", false },
        { "var a=[]; while(true){ a.push('x'.repeat(1000)); }", "memory", "JavaScript exceeded its memory limit of 32 MiB", true },
        { "var s='x'; while(true){ s += s; }", "memory", "JavaScript exceeded its memory limit of 32 MiB", true },
        { "var a=[]; a.length=1e8; a", "memory", "JavaScript exceeded its memory limit of 32 MiB", true },
        { "({ toJSON: function () { while(true){} } })", "statements", "JavaScript exceeded its statement limit of 1000000", true },
    };

    [Theory]
    [MemberData(nameof(HostileScripts))]
    public async Task Hostile_script_is_stopped_by_its_limit_within_a_second(
        string source, string limit, string message, bool loops)
    {
        var evaluator = new JavaScriptEvaluator();
        await WarmUpAsync(evaluator);
        var expression = evaluator.Compile(source);

        var stopwatch = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<ExpressionLimitException>(
            async () => await expression.EvaluateAsync(new TestExpressionContext()));
        stopwatch.Stop();

        if (loops && error.Limit == "time")
        {
            error.Message.ShouldBe(DefaultTimeLimitMessage);
        }
        else
        {
            error.Limit.ShouldBe(limit);
            error.Message.ShouldBe(message);
        }

        stopwatch.ElapsedMilliseconds.ShouldBeLessThan(SandboxBoundMs);

        // The sandbox stopped the script, not the process: the next script runs normally.
        (await evaluator.Compile("[1, 2, 3].map(function (x) { return x * 2; }).join(',')")
            .EvaluateAsync(new TestExpressionContext())).ShouldBe("2,4,6");
    }

    [Theory]
    [InlineData("while(true){}", "statements", "JavaScript exceeded its statement limit of 10000")]
    [InlineData("({ toJSON: function () { while(true){} } })", "statements", "JavaScript exceeded its statement limit of 10000")]
    [InlineData("var a=[]; while(true){ a.push('x'.repeat(1000)); }", "memory", "JavaScript exceeded its memory limit of 4 MiB")]
    [InlineData("var s='x'; while(true){ s += s; }", "memory", "JavaScript exceeded its memory limit of 4 MiB")]
    [InlineData("var a=[]; a.length=1e8; a", "memory", "JavaScript exceeded its memory limit of 4 MiB")]
    public async Task Looping_script_is_stopped_by_its_own_limit_when_the_clock_is_generous(
        string source, string limit, string message)
    {
        // Small limits and a long timeout take the clock out of the race, whatever the machine's load.
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions
        {
            Timeout = TimeSpan.FromSeconds(30),
            MaxStatements = 10_000,
            MemoryLimitBytes = 4 * 1024 * 1024,
        });

        var error = await Should.ThrowAsync<ExpressionLimitException>(
            async () => await evaluator.Compile(source).EvaluateAsync(new TestExpressionContext()));

        error.Limit.ShouldBe(limit);
        error.Message.ShouldBe(message);
    }

    [Fact]
    public async Task Endless_loop_without_a_statement_limit_hits_the_time_limit()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions
        {
            Timeout = TimeSpan.FromMilliseconds(200),
            MaxStatements = int.MaxValue,
        });
        await WarmUpAsync(evaluator);
        var expression = evaluator.Compile("while(true){}");

        var stopwatch = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<ExpressionLimitException>(
            async () => await expression.EvaluateAsync(new TestExpressionContext()));
        stopwatch.Stop();

        error.Limit.ShouldBe("time");
        error.Message.ShouldBe("JavaScript exceeded its time limit of 200 ms");
        stopwatch.ElapsedMilliseconds.ShouldBeLessThan(SandboxBoundMs);
    }

    [Fact]
    public async Task Single_call_past_the_memory_limit_is_refused_after_it_returns()
    {
        // Jint checks memory between statements, so one built-in call can overshoot; the evaluator still
        // refuses the evaluation rather than let the oversized value into the workflow.
        var error = await Should.ThrowAsync<ExpressionLimitException>(
            async () => await new JavaScriptEvaluator().Compile("'x'.repeat(2e7).length").EvaluateAsync(new TestExpressionContext()));

        error.Limit.ShouldBe("memory");
        error.Message.ShouldBe("JavaScript exceeded its memory limit of 32 MiB");
    }

    [Fact]
    public async Task Catastrophic_regular_expression_hits_the_time_limit()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        await WarmUpAsync(evaluator);
        var expression = evaluator.Compile("/(a+)+$/.test('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')");

        var stopwatch = Stopwatch.StartNew();
        var error = await Should.ThrowAsync<ExpressionLimitException>(
            async () => await expression.EvaluateAsync(new TestExpressionContext()));
        stopwatch.Stop();

        error.Limit.ShouldBe("time");
        error.Message.ShouldBe("JavaScript exceeded its time limit of 200 ms");
        stopwatch.ElapsedMilliseconds.ShouldBeLessThan(SandboxBoundMs);
    }

    [Fact]
    public async Task Limits_in_messages_follow_the_options()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions
        {
            MaxStatements = 5_000,
            MemoryLimitBytes = 4 * 1024 * 1024,
            MaxArraySize = 10,
            MaxRecursionDepth = 20,
        });

        async Task<ExpressionLimitException> Fail(string source) =>
            await Should.ThrowAsync<ExpressionLimitException>(
                async () => await evaluator.Compile(source).EvaluateAsync(new TestExpressionContext()));

        (await Fail("while(true){}")).Message.ShouldBe("JavaScript exceeded its statement limit of 5000");
        (await Fail("new Array(11)")).Message.ShouldBe("JavaScript array size limit of 10 exceeded");
        (await Fail("var s='x'; while(true){ s += s; }")).Message.ShouldBe("JavaScript exceeded its memory limit of 4 MiB");
        (await Fail("function f(n){ return f(n + 1); } f(0)")).Message.ShouldBe("JavaScript exceeded its recursion limit of 20");

        (await evaluator.Compile("new Array(10).length").EvaluateAsync(new TestExpressionContext())).ShouldBe(10);
        (await evaluator.Compile("function f(n){ return n === 0 ? 0 : f(n - 1); } f(15)")
            .EvaluateAsync(new TestExpressionContext())).ShouldBe(0);
    }

    [Fact]
    public async Task Script_can_catch_the_string_compilation_refusal()
    {
        (await JavaScriptTestHelpers.EvaluateAsync("try { eval('1'); 'ran' } catch (e) { e instanceof TypeError }"))
            .ShouldBe(true);
    }

    [Fact]
    public async Task Limit_errors_are_expression_errors()
    {
        var error = await JavaScriptTestHelpers.FailAsync("new Array(1e9)");

        error.ShouldBeOfType<ExpressionLimitException>();
        error.InnerException.ShouldNotBeNull();
    }

    [Fact]
    public async Task Limits_apply_per_evaluation_not_per_expression()
    {
        var evaluator = new JavaScriptEvaluator(new JavaScriptOptions { MaxStatements = 10_000 });
        var expression = evaluator.Compile("for (var i = 0; i < 3000; i++) {} i");

        for (var run = 0; run < 10; run++)
        {
            (await expression.EvaluateAsync(new TestExpressionContext())).ShouldBe(3000);
        }
    }

    private static async Task WarmUpAsync(JavaScriptEvaluator evaluator)
    {
        // The first evaluation in a process pays for JIT compilation of the engine; that is not sandbox time.
        (await evaluator.Compile("var n = 0; for (var i = 0; i < 1000; i++) { n += [i].map(function (x) { return x; })[0]; } n")
            .EvaluateAsync(new TestExpressionContext())).ShouldBe(499_500);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SandboxTimingGroup
{
    public const string Name = "JavaScript sandbox timing";
}
