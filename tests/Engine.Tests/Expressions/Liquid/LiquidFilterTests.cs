using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Expressions.Liquid;
using static Orchestrator.Engine.Tests.Expressions.Liquid.LiquidTestHelpers;

namespace Orchestrator.Engine.Tests.Expressions.Liquid;

public sealed class LiquidFilterTests
{
    [Fact]
    public async Task Json_writes_objects_arrays_and_primitives()
    {
        var ticket = JsonNode.Parse("""{ "Priority": "High", "Tags": ["a", "b"], "Score": 1.5, "Open": true, "Owner": null }""");
        var context = new TestExpressionContext()
            .WithVariable("Ticket", ticket)
            .WithVariable("Count", 3)
            .WithVariable("Name", "Ada");

        var result = await RenderAsync("{{ Ticket | json }}|{{ Ticket.Tags | json }}|{{ Count | json }}|{{ Name | json }}|{{ Missing | json }}", context);

        result.ShouldBe("""{"Priority":"High","Tags":["a","b"],"Score":1.5,"Open":true,"Owner":null}|["a","b"]|3|"Ada"|null""");
    }

    [Fact]
    public async Task Json_writes_dates_in_iso_8601()
    {
        var context = new TestExpressionContext()
            .WithVariable("When", new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(1)));

        var result = await RenderAsync("{{ When | json }}", context);

        result.ShouldBe("\"2025-03-04T05:06:07.0000000+01:00\"");
    }

    [Fact]
    public async Task Json_keeps_text_readable_and_escapes_what_json_requires()
    {
        var context = new TestExpressionContext().WithVariable("Text", "Zoë <b>\"quoted\"</b>\n\\ +1");

        var result = await RenderAsync("{{ Text | json }}", context);

        result.ShouldBe("\"Zoë <b>\\\"quoted\\\"</b>\\n\\\\ +1\"");
    }

    [Fact]
    public async Task Json_can_indent()
    {
        var context = new TestExpressionContext().WithVariable("Data", new JsonObject { ["A"] = 1 });

        var result = await RenderAsync("{{ Data | json: true }}", context);

        result.ReplaceLineEndings("\n").ShouldBe("{\n  \"A\": 1\n}");
    }

    [Fact]
    public async Task Json_writes_variables_and_values_built_in_the_template()
    {
        var context = new TestExpressionContext().WithVariable("A", 1).WithVariable("B", "two");

        var result = await RenderAsync("{{ Variables | json }}|{{ 'x,y' | split: ',' | json }}", context);

        result.ShouldBe("""{"A":1,"B":"two"}|["x","y"]""");
    }

    [Fact]
    public async Task Json_output_is_html_encoded_when_rendering_html()
    {
        var evaluator = new LiquidEvaluator();
        var compiled = evaluator.Compile("{{ Data | json }}");
        var context = new TestExpressionContext().WithVariable("Data", new JsonObject { ["A"] = "b" });

        var html = await evaluator.RenderAsync(compiled, context, HtmlEncoder.Default);

        html.ShouldBe("{&quot;A&quot;:&quot;b&quot;}");
    }

    [Fact]
    public async Task Fluid_built_in_filters_are_available()
    {
        var context = new TestExpressionContext().WithVariable("Name", "ada lovelace").WithVariable("Empty", "");

        var result = await RenderAsync(
            "{{ Name | capitalize }}|{{ Empty | default: 'n/a' }}|{{ Missing | default: 'none' }}|{{ Name | truncate: 6 }}|{{ 3.14159 | round: 2 }}",
            context);

        result.ShouldBe("Ada lovelace|n/a|none|ada...|3.14");
    }
}
