using Orchestrator.Engine.Expressions;
using Orchestrator.Engine.Expressions.Liquid;

namespace Orchestrator.Engine.Tests.Expressions.Liquid;

internal static class LiquidTestHelpers
{
    public static async Task<string> RenderAsync(string source, IExpressionContext context, LiquidEvaluator? evaluator = null)
    {
        var compiled = (evaluator ?? new LiquidEvaluator()).Compile(source);
        var result = await compiled.EvaluateAsync(context);
        return result.ShouldBeOfType<string>();
    }
}
