namespace Orchestrator.Engine.Expressions.JavaScript;

/// <summary>
/// A function a host adds to every JavaScript expression beside the built-in helpers. It takes and returns values
/// of the engine's value model (strings, numbers, dates, JSON nodes), never live script objects.
/// </summary>
public sealed class JavaScriptFunction
{
    public JavaScriptFunction(string name, int length, Func<IReadOnlyList<object?>, object?> invoke)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentNullException.ThrowIfNull(invoke);
        Name = name;
        Length = length;
        Invoke = invoke;
    }

    /// <summary>The global name scripts call it by.</summary>
    public string Name { get; }

    /// <summary>What the function's <c>length</c> says: the number of arguments it expects.</summary>
    public int Length { get; }

    /// <summary>
    /// The body. Missing arguments arrive as null; throwing <see cref="JavaScriptFunctionException"/> raises a
    /// <c>TypeError</c> in the script, which names the function.
    /// </summary>
    public Func<IReadOnlyList<object?>, object?> Invoke { get; }
}

/// <summary>
/// Supplies host functions to JavaScript expressions: register implementations in the service collection, and every
/// evaluation whose context has <see cref="IExpressionContext.Services"/> installs their functions. They go in after
/// the fixed helpers, so one named like a helper or a JavaScript global (<c>getInput</c>, <c>Date</c>) is not installed
/// and cannot change what that name means.
/// </summary>
public interface IJavaScriptFunctions
{
    IEnumerable<JavaScriptFunction> Functions { get; }
}

/// <summary>A host function refused its arguments; the script sees a <c>TypeError</c> naming the function, with this message.</summary>
public sealed class JavaScriptFunctionException : Exception
{
    public JavaScriptFunctionException(string message)
        : base(message)
    {
    }

    public JavaScriptFunctionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JavaScriptFunctionException()
    {
    }
}
