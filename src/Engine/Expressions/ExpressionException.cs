namespace Orchestrator.Engine.Expressions;

/// <summary>An expression failed to parse or to evaluate; the message says what and, when known, where.</summary>
public class ExpressionException : Exception
{
    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpressionException()
    {
    }
}

/// <summary>An expression's source does not parse. Raised when an expression is compiled, so validation catches it.</summary>
public sealed class ExpressionSyntaxException : ExpressionException
{
    public ExpressionSyntaxException(string message)
        : base(message)
    {
    }

    public ExpressionSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExpressionSyntaxException()
    {
    }
}

/// <summary>A sandbox limit stopped a script: time, statements, memory, array size, recursion or string compilation.</summary>
public sealed class ExpressionLimitException : ExpressionException
{
    public ExpressionLimitException(string limit, string message, Exception? innerException = null)
        : base(message, innerException ?? new InvalidOperationException(message))
    {
        Limit = limit;
    }

    public ExpressionLimitException()
    {
        Limit = "unknown";
    }

    public ExpressionLimitException(string message)
        : base(message)
    {
        Limit = "unknown";
    }

    public ExpressionLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
        Limit = "unknown";
    }

    /// <summary>Which limit: <c>time</c>, <c>statements</c>, <c>memory</c>, <c>array-size</c>, <c>recursion</c>, <c>string-compilation</c>.</summary>
    public string Limit { get; }
}
