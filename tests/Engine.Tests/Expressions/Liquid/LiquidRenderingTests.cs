using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Fluid;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Expressions;
using Orchestrator.Engine.Expressions.Liquid;
using static Orchestrator.Engine.Tests.Expressions.Liquid.LiquidTestHelpers;

namespace Orchestrator.Engine.Tests.Expressions.Liquid;

public sealed class LiquidRenderingTests
{
    [Fact]
    public async Task Plain_evaluation_does_not_encode()
    {
        var context = new TestExpressionContext().WithVariable("Body", "<b>x</b> & \"y\"");

        var result = await RenderAsync("<p>{{ Body }}</p>", context);

        result.ShouldBe("<p><b>x</b> & \"y\"</p>");
    }

    [Fact]
    public async Task Html_rendering_encodes_values_but_not_template_text()
    {
        var evaluator = new LiquidEvaluator();
        var compiled = evaluator.Compile("<p>{{ Body }}</p>");
        var context = new TestExpressionContext().WithVariable("Body", "<b>x</b>");

        var html = await evaluator.RenderAsync(compiled, context, HtmlEncoder.Default);
        var plain = await evaluator.RenderAsync(compiled, context, NullEncoder.Default);

        html.ShouldBe("<p>&lt;b&gt;x&lt;/b&gt;</p>");
        plain.ShouldBe("<p><b>x</b></p>");
    }

    [Fact]
    public async Task Html_rendering_encodes_nested_values_and_honours_raw()
    {
        var evaluator = new LiquidEvaluator();
        var compiled = evaluator.Compile("{{ Ticket.Title }}|{{ Ticket.Title | raw }}");
        var context = new TestExpressionContext().WithVariable("Ticket", new JsonObject { ["Title"] = "<i>urgent</i>" });

        var html = await evaluator.RenderAsync(compiled, context, HtmlEncoder.Default);

        html.ShouldBe("&lt;i&gt;urgent&lt;/i&gt;|<i>urgent</i>");
    }

    [Fact]
    public async Task Render_refuses_expressions_of_other_languages()
    {
        var evaluator = new LiquidEvaluator();

        await Should.ThrowAsync<ArgumentException>(
            () => evaluator.RenderAsync(new ForeignExpression(), new TestExpressionContext(), HtmlEncoder.Default).AsTask());
    }

    [Fact]
    public async Task A_template_renders_under_the_limits_of_the_evaluator_that_renders_it()
    {
        var compiled = new LiquidEvaluator().Compile("{% for i in (1..50) %}{{ i }}{% endfor %}");
        var strict = new LiquidEvaluator(new LiquidOptions { MaxSteps = 10 });

        var error = await Should.ThrowAsync<ExpressionLimitException>(
            () => strict.RenderAsync(compiled, new TestExpressionContext(), NullEncoder.Default).AsTask());

        error.Limit.ShouldBe("statements");
    }

    [Fact]
    public void Plain_text_is_constant_and_templates_are_not()
    {
        var evaluator = new LiquidEvaluator();

        evaluator.Compile("Hello, world").IsConstant.ShouldBeTrue();
        evaluator.Compile("Hello, {{ Name }}").IsConstant.ShouldBeFalse();
        evaluator.Compile("{% if true %}x{% endif %}").IsConstant.ShouldBeFalse();
    }

    [Fact]
    public async Task Now_comes_from_the_context_time_provider()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 7, 8, 9, 10, TimeSpan.Zero));
        var context = new TestExpressionContext(clock);
        var compiled = new LiquidEvaluator().Compile("{{ 'now' | date: '%Y-%m-%d %H:%M:%S' }}|{{ 'today' | date: '%Y-%m-%d' }}");

        (await compiled.EvaluateAsync(context)).ShouldBe("2025-06-07 08:09:10|2025-06-07");

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(1));
        (await compiled.EvaluateAsync(context)).ShouldBe("2025-06-08 09:09:10|2025-06-08");
    }

    [Fact]
    public async Task Now_is_shown_in_the_configured_time_zone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 7, 22, 30, 0, TimeSpan.Zero));
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var evaluator = new LiquidEvaluator(new LiquidOptions { TimeZone = paris });

        var result = await RenderAsync("{{ 'now' | date: '%Y-%m-%d %H:%M %z' }}", new TestExpressionContext(clock), evaluator);

        result.ShouldBe("2025-06-08 00:30 +0200");
    }

    [Fact]
    public async Task Dates_without_an_offset_are_read_in_the_configured_time_zone()
    {
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var evaluator = new LiquidEvaluator(new LiquidOptions { TimeZone = paris });
        var context = new TestExpressionContext()
            .WithVariable("Text", "2025-01-15T09:00:00")
            .WithVariable("Unspecified", new DateTime(2025, 1, 15, 9, 0, 0, DateTimeKind.Unspecified));

        var result = await RenderAsync("{{ Text | date: '%H:%M %z' }}|{{ Unspecified | date: '%H:%M %z' }}", context, evaluator);

        result.ShouldBe("09:00 +0100|09:00 +0100");
    }

    [Fact]
    public async Task Dates_from_variables_keep_their_offset()
    {
        var context = new TestExpressionContext()
            .WithVariable("Due", new DateTimeOffset(2025, 2, 3, 14, 15, 0, TimeSpan.FromHours(-5)));

        var result = await RenderAsync("{{ Due | date: '%d/%m/%Y %H:%M %z' }}|{{ Due | date: '%A %B' }}", context);

        result.ShouldBe("03/02/2025 14:15 -0500|Monday February");
    }

    [Fact]
    public async Task Cancellation_is_honoured_before_rendering()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var context = new TestExpressionContext { CancellationToken = cancellation.Token };
        var compiled = new LiquidEvaluator().Compile("{{ 1 }}");

        await Should.ThrowAsync<OperationCanceledException>(() => compiled.EvaluateAsync(context).AsTask());
    }

    [Fact]
    public async Task Errors_while_rendering_become_expression_exceptions()
    {
        var list = new List<object?>();
        list.Add(list);
        var context = new TestExpressionContext().WithVariable("Loop", list);

        var error = await Should.ThrowAsync<ExpressionException>(() => RenderAsync("{{ Loop }}", context));

        error.Message.ShouldContain("nested deeper than 256 levels");
    }

    [Fact]
    public async Task A_broken_value_breaks_only_the_templates_that_read_it()
    {
        var list = new List<object?>();
        list.Add(list);
        var context = new TestExpressionContext().WithVariable("Loop", list).WithVariable("Fine", "ok");

        var result = await RenderAsync("{{ Fine }}", context);

        result.ShouldBe("ok");
    }

    private sealed class ForeignExpression : CompiledExpression
    {
        public override ValueTask<object?> EvaluateAsync(IExpressionContext context) => ValueTask.FromResult<object?>(null);
    }
}
