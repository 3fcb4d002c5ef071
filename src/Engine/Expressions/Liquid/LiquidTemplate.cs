using Fluid;

namespace Orchestrator.Engine.Expressions.Liquid;

/// <summary>A parsed template. Fluid templates are immutable and every render gets its own context, so this is safe to share.</summary>
internal sealed class LiquidTemplate : CompiledExpression
{
    private readonly LiquidRenderer _renderer;
    private readonly bool _isPlainText;

    public LiquidTemplate(IFluidTemplate template, LiquidRenderer renderer, bool isPlainText)
    {
        Template = template;
        _renderer = renderer;
        _isPlainText = isPlainText;
    }

    public IFluidTemplate Template { get; }

    public override bool IsConstant => _isPlainText;

    public override async ValueTask<object?> EvaluateAsync(IExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await _renderer.RenderAsync(Template, context, NullEncoder.Default);
    }
}
