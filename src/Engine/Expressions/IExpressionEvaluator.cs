namespace Orchestrator.Engine.Expressions;

/// <summary>Compiles the source of one expression language (<c>JavaScript</c>, <c>Liquid</c>, ...).</summary>
public interface IExpressionEvaluator
{
    /// <summary>The expression <c>type</c> as written in Elsa JSON.</summary>
    string Language { get; }

    /// <summary>Parses once; throws <see cref="ExpressionSyntaxException"/> naming line and column when the source does not parse.</summary>
    CompiledExpression Compile(string source);
}

/// <summary>An expression parsed once and evaluated many times; must be safe to evaluate concurrently.</summary>
public abstract class CompiledExpression
{
    /// <summary>Evaluates; failures surface as <see cref="ExpressionException"/> with a message fit for an incident.</summary>
    public abstract ValueTask<object?> EvaluateAsync(IExpressionContext context);

    /// <summary>True when the value never depends on the context (a literal).</summary>
    public virtual bool IsConstant => false;
}
