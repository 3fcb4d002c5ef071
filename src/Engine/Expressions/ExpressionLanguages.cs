namespace Orchestrator.Engine.Expressions;

/// <summary>
/// The expression languages a compiler knows beyond the built-in Literal, Object, Json and Variable.
/// CSharp and Python load (so definitions round-trip) but fail clearly when evaluated.
/// </summary>
public sealed class ExpressionLanguages
{
    private readonly Dictionary<string, IExpressionEvaluator> _evaluators = new(StringComparer.OrdinalIgnoreCase);

    public ExpressionLanguages()
    {
        Add(new UnsupportedLanguage("CSharp"));
        Add(new UnsupportedLanguage("Python"));
    }

    public IEnumerable<string> Names => _evaluators.Keys;

    /// <summary>The languages the engine ships: JavaScript and Liquid, plus the unsupported ones.</summary>
    public static ExpressionLanguages CreateDefault() => new ExpressionLanguages()
        .Add(new JavaScript.JavaScriptEvaluator())
        .Add(new Liquid.LiquidEvaluator());

    public ExpressionLanguages Add(IExpressionEvaluator evaluator)
    {
        _evaluators[evaluator.Language] = evaluator;
        return this;
    }

    public bool TryGet(string language, out IExpressionEvaluator evaluator) => _evaluators.TryGetValue(language, out evaluator!);

    private sealed class UnsupportedLanguage(string language) : IExpressionEvaluator
    {
        public string Language => language;

        public CompiledExpression Compile(string source) => new FailingExpression(
            $"{language} expressions are not supported by this runtime; use JavaScript or Liquid");
    }
}

/// <summary>An expression that could not be compiled: evaluating it raises the compile problem, so the run records an incident.</summary>
internal sealed class FailingExpression(string message) : CompiledExpression
{
    public string Message { get; } = message;

    public override ValueTask<object?> EvaluateAsync(IExpressionContext context) => throw new ExpressionException(Message);
}

/// <summary>Reads a variable of the evaluating activity's scope.</summary>
internal sealed class VariableExpression(string name) : CompiledExpression
{
    public override ValueTask<object?> EvaluateAsync(IExpressionContext context) =>
        context.TryGetVariable(name, out var value)
            ? new ValueTask<object?>(value)
            : throw new ExpressionException($"variable '{name}' is not defined");
}
