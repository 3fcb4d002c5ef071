using Orchestrator.Engine.Expressions;
using Orchestrator.Engine.Expressions.JavaScript;

namespace Orchestrator.Engine.Tests.Expressions.JavaScript;

internal static class JavaScriptTestHelpers
{
    public static readonly JavaScriptEvaluator Evaluator = new();

    public static async Task<object?> EvaluateAsync(string source, TestExpressionContext? context = null) =>
        await Evaluator.Compile(source).EvaluateAsync(context ?? new TestExpressionContext());

    public static async Task<ExpressionException> FailAsync(string source, TestExpressionContext? context = null) =>
        await Should.ThrowAsync<ExpressionException>(async () => await EvaluateAsync(source, context));

    public static async Task<TException> FailAsync<TException>(
        CompiledExpression expression,
        TestExpressionContext? context = null)
        where TException : Exception =>
        await Should.ThrowAsync<TException>(async () => await expression.EvaluateAsync(context ?? new TestExpressionContext()));
}
