using System.Globalization;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Error;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;

namespace Orchestrator.Engine.Expressions.JavaScript;

/// <summary>
/// Turns what Jint throws into exceptions an operator can act on: which limit stopped the script and what it
/// is set to, or which JavaScript error was thrown and where.
/// </summary>
internal static class JavaScriptErrors
{
    // Jint reports eval/Function under DisableStringCompilation as a TypeError with this text.
    private const string StringCompilationDisabled = "String compilation has been disabled in engine options";

    // Jint rejects a promise it gave up waiting for with this text.
    private const string UnsettledPromise = "Timeout of ";

    public static Exception Translate(
        Exception error,
        JavaScriptLimits limits,
        int lineOffset,
        Jint.Engine engine,
        CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested && error is OperationCanceledException or ExecutionCanceledException)
        {
            return new OperationCanceledException("The JavaScript evaluation was cancelled.", error, cancellationToken);
        }

        return error switch
        {
            TimeoutException or RegexMatchTimeoutException => new ExpressionLimitException(
                "time", $"JavaScript exceeded its time limit of {limits.DescribeTimeout()}", error),
            StatementsCountOverflowException => new ExpressionLimitException(
                "statements", Invariant($"JavaScript exceeded its statement limit of {limits.MaxStatements}"), error),

            // Jint raises the same exception type for both; only the text tells an array-size refusal apart.
            MemoryLimitExceededException when error.Message.Contains("array size", StringComparison.OrdinalIgnoreCase) =>
                new ExpressionLimitException(
                    "array-size", Invariant($"JavaScript array size limit of {limits.MaxArraySize} exceeded"), error),
            MemoryLimitExceededException => MemoryLimit(limits, error),
            RecursionDepthOverflowException => new ExpressionLimitException(
                "recursion", Invariant($"JavaScript exceeded its recursion limit of {limits.MaxRecursionDepth}"), error),
            JavaScriptException { Error: ErrorInstance } js when js.Message == StringCompilationDisabled =>
                new ExpressionLimitException(
                    "string-compilation", "JavaScript may not compile strings (eval and Function are disabled)", error),
            JavaScriptException js => new ExpressionException(DescribeScriptError(js, lineOffset, engine), error),
            PromiseRejectedException { RejectedValue: JsString reason } when reason.ToString().StartsWith(UnsettledPromise, StringComparison.Ordinal) =>
                new ExpressionException("JavaScript returned a Promise that never settled; nothing can settle it once the script has ended", error),
            PromiseRejectedException rejected => new ExpressionException(
                $"JavaScript error: Uncaught (in promise) {Describe(rejected.RejectedValue, rejected.Message, engine)}", error),
            InsufficientExecutionStackException => new ExpressionException(
                "JavaScript ran out of stack space (the script nests too deeply)", error),
            _ => new ExpressionException($"JavaScript failed: {error.Message}", error),
        };
    }

    public static ExpressionLimitException MemoryLimit(JavaScriptLimits limits, Exception? innerException) =>
        new("memory", $"JavaScript exceeded its memory limit of {limits.DescribeMemory()}", innerException);

    private static string DescribeScriptError(JavaScriptException error, int lineOffset, Jint.Engine engine)
    {
        var description = Describe(error.Error, error.Message, engine);
        var start = error.Location.Start;
        var line = start.Line - lineOffset;
        return line >= 1
            ? Invariant($"JavaScript error: {description} (line {line}, column {start.Column + 1})")
            : $"JavaScript error: {description}";
    }

    /// <param name="fallback">What Jint already said about the value, for when describing it fails.</param>
    private static string Describe(JsValue thrown, string fallback, Jint.Engine engine)
    {
        try
        {
            switch (thrown)
            {
                case ErrorInstance instance:
                    var name = ReadDataString(instance, "name") ?? "Error";
                    var message = ReadDataString(instance, "message");
                    return string.IsNullOrEmpty(message) ? name : $"{name}: {message}";
                case ObjectInstance value:
                    return ReadDataString(value, "message")
                        ?? new JavaScriptValues(engine).ToJsonText(value)
                        ?? fallback;
                case JsString text:
                    return text.ToString();
                default:
                    return thrown.IsSymbol() ? thrown.ToString() : TypeConverter.ToString(thrown);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Describing the thrown value ran script (a proxy trap, toJSON) and that failed in turn; what Jint
            // captured when the value was thrown is still worth showing.
            return fallback;
        }
    }

    /// <summary>
    /// Reads a string property without running script: an error's name or message could be a getter that
    /// loops or throws, and the report of one failure must not become another.
    /// </summary>
    private static string? ReadDataString(ObjectInstance target, string key)
    {
        for (var current = target; current is not null; current = current.Prototype)
        {
            var descriptor = current.GetOwnProperty(key);
            if (descriptor == PropertyDescriptor.Undefined)
            {
                continue;
            }

            return descriptor.IsDataDescriptor() && descriptor.Value is JsString text ? text.ToString() : null;
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
