using System.Text.Json.Nodes;
using Orchestrator.Engine.Expressions;
using Orchestrator.Engine.Expressions.Liquid;
using static Orchestrator.Engine.Tests.Expressions.Liquid.LiquidTestHelpers;

namespace Orchestrator.Engine.Tests.Expressions.Liquid;

public sealed class LiquidSandboxTests
{
    [Fact]
    public void A_template_that_does_not_parse_fails_at_compile_naming_where()
    {
        var source = "Hello {{ Name }},\nall good here\nbut {% if x %} this {{ y | }} is not{% endif %}";

        var error = Should.Throw<ExpressionSyntaxException>(() => new LiquidEvaluator().Compile(source));

        error.Message.ShouldContain("line 3, column 27");
        error.Message.ShouldContain("An identifier was expected after the '|' sign at (3:27)");
    }

    [Theory]
    [InlineData("{% if x %}never closed")]
    [InlineData("{{ 'unterminated }}")]
    [InlineData("{% bogus %}")]
    [InlineData("{% for %}{% endfor %}")]
    public void Malformed_templates_raise_syntax_errors(string source)
    {
        var error = Should.Throw<ExpressionSyntaxException>(() => new LiquidEvaluator().Compile(source));

        error.Message.ShouldStartWith("Liquid template does not parse");
        error.Message.ShouldMatch(@"line \d+, column \d+");
    }

    [Fact]
    public async Task An_endless_loop_is_stopped_by_the_step_limit()
    {
        var compiled = new LiquidEvaluator().Compile("{% for i in (1..100000000) %}{{ i }}{% endfor %}");

        var error = await Should.ThrowAsync<ExpressionLimitException>(() => compiled.EvaluateAsync(new TestExpressionContext()).AsTask());

        error.Limit.ShouldBe("statements");
        error.Message.ShouldStartWith("Liquid template exceeded its step limit of 100000");
    }

    [Fact]
    public async Task An_endless_loop_is_stopped_quickly()
    {
        var compiled = new LiquidEvaluator().Compile("{% for i in (1..100000000) %}{{ i }}{% endfor %}");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Should.ThrowAsync<ExpressionLimitException>(() => compiled.EvaluateAsync(new TestExpressionContext()).AsTask());

        // Fluid would build all hundred million numbers before the first step without the range guard.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData("{% for i in (1..Count) %}{% endfor %}")]
    [InlineData("{% assign r = (1..Count) %}")]
    [InlineData("{{ (1..Count) | join: ',' }}")]
    [InlineData("{% if true %}{% capture c %}{% for i in (1..Count) %}{% endfor %}{% endcapture %}{% endif %}")]
    [InlineData("{% tablerow i in (1..Count) %}{{ i }}{% endtablerow %}")]
    public async Task A_range_longer_than_the_step_limit_is_refused_wherever_it_is(string source)
    {
        var evaluator = new LiquidEvaluator(new LiquidOptions { MaxSteps = 500 });
        var context = new TestExpressionContext().WithVariable("Count", 100_000_000);

        var error = await Should.ThrowAsync<ExpressionLimitException>(() => RenderAsync(source, context, evaluator));

        error.Limit.ShouldBe("statements");
        error.Message.ShouldStartWith("Liquid template exceeded its step limit of 500");
    }

    [Fact]
    public async Task A_loop_without_output_is_stopped_by_the_step_limit_too()
    {
        var evaluator = new LiquidEvaluator(new LiquidOptions { MaxSteps = 500 });
        var compiled = evaluator.Compile("{% for i in (1..400) %}{% for j in (1..400) %}{% assign x = j %}{% endfor %}{% endfor %}");

        var error = await Should.ThrowAsync<ExpressionLimitException>(() => compiled.EvaluateAsync(new TestExpressionContext()).AsTask());

        error.Limit.ShouldBe("statements");
        error.Message.ShouldBe("Liquid template exceeded its step limit of 500");
    }

    [Fact]
    public async Task Ranges_within_the_limit_keep_their_meaning()
    {
        var result = await RenderAsync(
            "{% for i in (1..5) reversed limit: 3 %}{{ i }}{% endfor %}|{% for i in (3..1) %}{{ i }}{% endfor %}|{{ (2..4) | join: '-' }}|{% if (1..3) contains 2 %}yes{% endif %}",
            new TestExpressionContext());

        result.ShouldBe("321||2-3-4|yes");
    }

    [Fact]
    public async Task Work_within_the_step_limit_completes()
    {
        var evaluator = new LiquidEvaluator(new LiquidOptions { MaxSteps = 500 });

        var result = await RenderAsync("{% for i in (1..100) %}.{% endfor %}", new TestExpressionContext(), evaluator);

        result.Length.ShouldBe(100);
    }

    [Fact]
    public async Task Deep_nesting_is_stopped_by_the_recursion_limit()
    {
        var evaluator = new LiquidEvaluator(new LiquidOptions { MaxRecursion = 2 });
        var compiled = evaluator.Compile(
            "{% for a in (1..2) %}{% for b in (1..2) %}{% for c in (1..2) %}x{% endfor %}{% endfor %}{% endfor %}");

        var error = await Should.ThrowAsync<ExpressionLimitException>(() => compiled.EvaluateAsync(new TestExpressionContext()).AsTask());

        error.Limit.ShouldBe("recursion");
        error.Message.ShouldBe("Liquid template exceeded its recursion limit of 2");
    }

    [Fact]
    public async Task Nesting_within_the_recursion_limit_completes()
    {
        var evaluator = new LiquidEvaluator(new LiquidOptions { MaxRecursion = 3 });

        var result = await RenderAsync(
            "{% for a in (1..2) %}{% for b in (1..2) %}{% for c in (1..2) %}x{% endfor %}{% endfor %}{% endfor %}",
            new TestExpressionContext(),
            evaluator);

        result.ShouldBe("xxxxxxxx");
    }

    [Theory]
    [InlineData(0, 64)]
    [InlineData(-1, 64)]
    [InlineData(100, 0)]
    public void Limits_must_be_positive(int maxSteps, int maxRecursion)
    {
        Should.Throw<ArgumentOutOfRangeException>(
            () => new LiquidEvaluator(new LiquidOptions { MaxSteps = maxSteps, MaxRecursion = maxRecursion }));
    }

    [Fact]
    public void Default_options_match_the_documented_limits()
    {
        var options = new LiquidOptions();

        options.MaxSteps.ShouldBe(100_000);
        options.MaxRecursion.ShouldBe(64);
        options.TimeZone.ShouldBe(TimeZoneInfo.Utc);
    }

    [Fact]
    public async Task Clr_members_of_converted_values_are_not_reachable()
    {
        var context = new TestExpressionContext()
            .WithVariable("Ticket", new JsonObject { ["Priority"] = "High" })
            .WithVariable("Items", new JsonArray(1, 2))
            .WithVariable("Name", "Ada")
            .WithVariable("When", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))
            .WithVariable("Id", Guid.NewGuid())
            .WithVariable("Span", TimeSpan.FromSeconds(90));

        var result = await RenderAsync(
            "[{{ Ticket.Count }}{{ Ticket.Parent }}{{ Ticket.Root.Priority }}{{ Ticket.Options }}{{ Ticket.GetType }}"
            + "{{ Items.Count }}{{ Items.Capacity }}{{ Name.Length }}{{ When.Ticks }}{{ When.Year }}{{ Id.Version }}"
            + "{{ Span.TotalSeconds }}{{ Variables.Count }}{{ Variables.Keys }}{{ Input.GetType }}]",
            context);

        result.ShouldBe("[]");
    }

    [Fact]
    public async Task Objects_outside_the_value_model_arrive_as_data_only()
    {
        var account = new Account { Owner = "Ada" };
        var context = new TestExpressionContext().WithVariable("Account", account);

        var result = await RenderAsync(
            "{{ Account.Owner }}|{{ Account.Closed }}|[{{ Account.Close }}{{ Account.GetType.Assembly }}{{ Account.ToString }}]",
            context);

        result.ShouldBe("Ada|false|[]");
        account.Closed.ShouldBeFalse();
    }

    [Fact]
    public async Task One_compiled_template_renders_concurrently()
    {
        var evaluator = new LiquidEvaluator();
        var compiled = evaluator.Compile(
            "{{ Name }}:{% for item in Items %}{{ item.N | times: Factor }}{% unless forloop.last %},{% endunless %}{% endfor %}:{{ CorrelationId }}");
        var cancellation = TestContext.Current.CancellationToken;

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(
            async () =>
            {
                for (var round = 0; round < 50; round++)
                {
                    var context = new TestExpressionContext { CorrelationId = $"c{worker}-{round}" }
                        .WithVariable("Name", $"w{worker}")
                        .WithVariable("Factor", worker)
                        .WithVariable("Items", new JsonArray(new JsonObject { ["N"] = 1 }, new JsonObject { ["N"] = round }));

                    var result = await compiled.EvaluateAsync(context);

                    result.ShouldBe($"w{worker}:{worker},{round * worker}:c{worker}-{round}");
                }
            },
            cancellation));

        await Task.WhenAll(workers);
    }

    /// <summary>Not part of the value model: what a template sees of it must be a copy of its public data.</summary>
    private sealed class Account
    {
        public string Owner { get; init; } = string.Empty;

        public bool Closed { get; private set; }

        public void Close() => Closed = true;
    }
}
