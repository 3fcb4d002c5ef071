using Orchestrator.Engine.Expressions;

namespace Orchestrator.Engine.Activities;

/// <summary>An activity input: an expression in some language, compiled once when the workflow is compiled.</summary>
public abstract class Input
{
    private protected Input(string? language, string? source, CompiledExpression? compiled)
    {
        Language = language;
        Source = source;
        Compiled = compiled;
    }

    /// <summary>The expression type (<c>Literal</c>, <c>JavaScript</c>, ...); null when the input was not set.</summary>
    public string? Language { get; }

    /// <summary>The expression source as written in the definition.</summary>
    public string? Source { get; }

    public bool HasValue => Language is not null;

    public abstract Type ValueType { get; }

    /// <summary>The JSON key the input was read from, for error messages.</summary>
    public string? Field { get; internal set; }

    internal CompiledExpression? Compiled { get; }

    internal abstract bool IsConstant { get; }

    internal abstract object? BoxedConstant { get; }
}

/// <summary>A typed activity input. Literals are converted once, at compile time.</summary>
public sealed class Input<T> : Input
{
    private readonly T? _constant;
    private readonly bool _isConstant;

    internal Input(string? language, string? source, CompiledExpression? compiled, bool isConstant, T? constant)
        : base(language, source, compiled)
    {
        _isConstant = isConstant;
        _constant = constant;
    }

    /// <summary>An input that was not set: evaluates to default.</summary>
    public static Input<T> Empty { get; } = new(null, null, null, true, default);

    /// <summary>A constant input, for activities built in code.</summary>
    public static Input<T> Of(T value) => new("Literal", ValueModelText(value), null, true, value);

    public override Type ValueType => typeof(T);

    internal T? Constant => _constant;

    /// <summary>The value when the input is a literal known at compile time (what a trigger can be indexed by).</summary>
    public bool TryGetConstant(out T? value)
    {
        value = _constant;
        return _isConstant;
    }

    internal override bool IsConstant => _isConstant;

    internal override object? BoxedConstant => _constant;

    private static string? ValueModelText(T value) => Values.ValueModel.ToText(value);
}

/// <summary>An activity output that a definition can bind to a variable or a workflow output.</summary>
public sealed class Output<T>
{
    internal Output(Compilation.OutputTarget? target)
    {
        Target = target;
    }

    public static Output<T> Unbound { get; } = new(null);

    internal Compilation.OutputTarget? Target { get; }

    public bool IsBound => Target is not null;
}
