using System.Globalization;
using Acornima;
using Acornima.Ast;
using Jint;

namespace Orchestrator.Engine.Expressions.JavaScript;

/// <summary>
/// The <c>JavaScript</c> expression language, run by Jint in a sandbox: no CLR access, no string compilation,
/// bounded time, statements, memory, array size and recursion, and a fresh engine for every evaluation.
/// </summary>
public sealed class JavaScriptEvaluator : IExpressionEvaluator
{
    // Elsa scripts may be bodies that end in a top-level `return`; those run as the body of a function. The
    // prefix ends in a line break so the original line 1 becomes line 2, whatever the source starts with, and
    // the suffix starts with one so a trailing line comment cannot swallow it.
    private const string FunctionBodyPrefix = "(function(){\n";
    private const string FunctionBodySuffix = "\n})()";
    private const int FunctionBodyLineOffset = 1;

    private readonly JavaScriptLimits _limits;
    private readonly ScriptPreparationOptions _preparation;

    public JavaScriptEvaluator()
        : this(new JavaScriptOptions())
    {
    }

    public JavaScriptEvaluator(JavaScriptOptions options)
    {
        _limits = JavaScriptLimits.From(options);
        _preparation = new ScriptPreparationOptions
        {
            ParsingOptions = ScriptParsingOptions.Default with
            {
                // Jint would accept a top-level return on its own; refusing it here is what tells the two forms
                // apart, so each one gets the semantics it was written for.
                AllowReturnOutsideFunction = false,
                RegexTimeout = _limits.Timeout,
            },
        };
    }

    public string Language => "JavaScript";

    public CompiledExpression Compile(string source)
    {
        ArgumentNullException.ThrowIfNull(source);

        var plainError = TryPrepare(source, out var script);
        if (plainError is null)
        {
            return new JavaScriptExpression(script, lineOffset: 0, _limits);
        }

        if (plainError.Error.Code == "IllegalReturn")
        {
            var wrappedError = TryPrepare(FunctionBodyPrefix + source + FunctionBodySuffix, out var wrapped);
            if (wrappedError is null)
            {
                return new JavaScriptExpression(wrapped, FunctionBodyLineOffset, _limits);
            }

            // The wrapped parse sees past the return, so its error is the real one, unless it points at the
            // wrapper itself (unbalanced braces in the source), which the operator never wrote.
            var line = wrappedError.LineNumber - FunctionBodyLineOffset;
            if (line >= 1 && line <= CountLines(source))
            {
                throw SyntaxError(wrappedError.Description, line, wrappedError.Column, wrappedError);
            }
        }

        throw SyntaxError(plainError.Description, plainError.LineNumber, plainError.Column, plainError);
    }

    /// <returns>Null when the source parsed, else why it did not.</returns>
    private ParseErrorException? TryPrepare(string source, out Prepared<Script> script)
    {
        try
        {
            script = Jint.Engine.PrepareScript(source, options: _preparation);
            return null;
        }
        catch (ScriptPreparationException e) when (e.InnerException is ParseErrorException parseError)
        {
            script = default;
            return parseError;
        }
        catch (ScriptPreparationException e)
        {
            throw new ExpressionSyntaxException($"JavaScript could not be compiled: {e.Message}", e);
        }
    }

    private static ExpressionSyntaxException SyntaxError(string description, int line, int column, Exception inner) =>
        new(
            string.Create(
                CultureInfo.InvariantCulture,
                $"JavaScript syntax error: {description} (line {line}, column {column + 1})"),
            inner);

    /// <summary>Counts lines the way the parser does: CR LF, CR, LF, LS and PS each end one.</summary>
    private static int CountLines(string source)
    {
        var lines = 1;
        for (var i = 0; i < source.Length; i++)
        {
            switch (source[i])
            {
                case '\r' when i + 1 < source.Length && source[i + 1] == '\n':
                    break;
                case '\r' or '\n' or '\u2028' or '\u2029':
                    lines++;
                    break;
            }
        }

        return lines;
    }
}
