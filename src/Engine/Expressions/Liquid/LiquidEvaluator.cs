using System.Text.Encodings.Web;
using Fluid;

namespace Orchestrator.Engine.Expressions.Liquid;

/// <summary>Compiles Liquid templates (Fluid) that render to a string.</summary>
/// <remarks>
/// Templates see <c>Variables</c>, <c>Input</c>, <c>CorrelationId</c>, <c>WorkflowInstanceId</c>,
/// <c>WorkflowDefinitionId</c>, <c>WorkflowInstanceName</c>, <c>CurrentValue</c> (the ForEach item), <c>LastResult</c>,
/// and each visible variable by its own name (<c>{{ Counter }}</c>) unless it is one of those. They see copies of the
/// data only, never CLR objects. <c>'now' | date: ...</c> reads the context's <see cref="TimeProvider"/>. Filters are
/// Fluid's built-ins plus <c>json</c>.
/// </remarks>
public sealed class LiquidEvaluator : IExpressionEvaluator
{
    // Building Fluid's grammar is costly and the parser keeps no state between parses, so every evaluator shares one.
    private static readonly FluidParser Parser = new();

    private readonly LiquidRenderer _renderer;

    public LiquidEvaluator()
        : this(new LiquidOptions())
    {
    }

    public LiquidEvaluator(LiquidOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxSteps, nameof(options.MaxSteps));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxRecursion, nameof(options.MaxRecursion));
        ArgumentNullException.ThrowIfNull(options.TimeZone, nameof(options.TimeZone));
        _renderer = new LiquidRenderer(options.MaxSteps, options.MaxRecursion, options.TimeZone);
    }

    public string Language => "Liquid";

    public CompiledExpression Compile(string source)
    {
        ArgumentNullException.ThrowIfNull(source);

        IFluidTemplate template;
        string error;
        try
        {
            if (Parser.TryParse(source, out template, out error))
            {
                return new LiquidTemplate(RangeGuard.Apply(template), _renderer, IsPlainText(source));
            }
        }
        catch (ParseException ex)
        {
            // Custom tag parsers may throw instead of reporting; both mean the source is wrong.
            throw new ExpressionSyntaxException(LiquidSyntaxError.Describe(ex.Message), ex);
        }

        throw new ExpressionSyntaxException(LiquidSyntaxError.Describe(error));
    }

    /// <summary>
    /// Renders a template compiled by a <see cref="LiquidEvaluator"/> with the given output encoder:
    /// <see cref="HtmlEncoder.Default"/> for HTML bodies (values are encoded, template text is not),
    /// <see cref="NullEncoder.Default"/> for plain text, which is what <see cref="CompiledExpression.EvaluateAsync"/> uses.
    /// </summary>
    /// <remarks>
    /// Renders under this evaluator's limits, time zone and filters; a parsed template does not depend on them,
    /// so one compiled by another <see cref="LiquidEvaluator"/> is fine too. <see cref="HtmlEncoder.Default"/> also
    /// encodes non-ASCII letters as character references; pass an encoder made with <c>HtmlEncoder.Create</c> to keep them.
    /// </remarks>
    public ValueTask<string> RenderAsync(CompiledExpression compiled, IExpressionContext context, TextEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(encoder);
        if (compiled is not LiquidTemplate template)
        {
            throw new ArgumentException("The expression was not compiled by a LiquidEvaluator.", nameof(compiled));
        }

        return _renderer.RenderAsync(template.Template, context, encoder);
    }

    // Without a tag or output marker Fluid treats the whole source as text, so the result never depends on the context.
    private static bool IsPlainText(string source) =>
        !source.Contains("{{", StringComparison.Ordinal) && !source.Contains("{%", StringComparison.Ordinal);
}
