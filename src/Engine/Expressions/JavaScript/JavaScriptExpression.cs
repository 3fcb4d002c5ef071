using System.Globalization;
using Acornima.Ast;
using Jint;
using Jint.Constraints;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Engine.Expressions.JavaScript;

/// <summary>
/// One parsed script. The parse is shared and immutable; every evaluation gets its own engine, so evaluations
/// on many threads neither block nor see each other's globals.
/// </summary>
internal sealed class JavaScriptExpression : CompiledExpression
{
    private readonly Prepared<Script> _script;
    private readonly int _lineOffset;
    private readonly JavaScriptLimits _limits;

    public JavaScriptExpression(Prepared<Script> script, int lineOffset, JavaScriptLimits limits)
    {
        _script = script;
        _lineOffset = lineOffset;
        _limits = limits;
    }

    public override ValueTask<object?> EvaluateAsync(IExpressionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The work is synchronous CPU work bounded by the sandbox; failures still travel in the task, as a
        // caller of an async method expects.
        try
        {
            return ValueTask.FromResult(Evaluate(context));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<object?>(context.CancellationToken);
        }
        catch (ExpressionException e)
        {
            return ValueTask.FromException<object?>(e);
        }
    }

    private object? Evaluate(IExpressionContext context)
    {
        var cancellationToken = context.CancellationToken;
        cancellationToken.ThrowIfCancellationRequested();

        // TimeoutInterval restarts with every entry into the engine; this deadline also covers the work done
        // after the script (reading its result, writing back `variables`), which can run script via toJSON.
        var deadline = new OperationDeadlineConstraint();
        using var engine = new Jint.Engine(options => Configure(options, context, deadline));
        var values = new JavaScriptValues(engine);
        var globals = new JavaScriptGlobals(engine, context, values);
        globals.Install(HostFunctions(context));

        deadline.Begin(_limits.Timeout, cancellationToken);
        try
        {
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var completion = engine.Evaluate(in _script);
            if (completion.IsPromise())
            {
                // `(async () => ...)()` settles while Jint drains the script's jobs. Nothing in the sandbox (no
                // timers, no I/O) can settle a promise after that, so waiting any longer would only burn budget.
                completion = completion.UnwrapIfPromise(TimeSpan.FromMilliseconds(1));
            }

            CheckMemory(allocatedBefore);

            var result = values.ToModel(completion);
            globals.WriteBackVariables();
            return result;
        }
        catch (Exception e) when (e is not ExpressionException and not OutOfMemoryException)
        {
            // Still inside the deadline: describing a thrown value can run script (a proxy trap, toJSON).
            throw JavaScriptErrors.Translate(e, _limits, _lineOffset, engine, cancellationToken);
        }
        finally
        {
            deadline.End();
        }
    }

    private static IEnumerable<IJavaScriptFunctions> HostFunctions(IExpressionContext context) =>
        context.Services?.GetService<IEnumerable<IJavaScriptFunctions>>() ?? [];

    private void Configure(Options options, IExpressionContext context, OperationDeadlineConstraint deadline)
    {
        options
            .TimeoutInterval(_limits.Timeout)
            .MaxStatements(_limits.MaxStatements)
            .LimitMemory(_limits.MemoryLimitBytes)
            .MaxArraySize((uint)_limits.MaxArraySize)
            .LimitRecursion(_limits.MaxRecursionDepth)
            .RegexTimeoutInterval(_limits.Timeout)
            .DisableStringCompilation(true)
            .CancellationToken(context.CancellationToken)
            .Constraint(deadline)
            .Culture(CultureInfo.InvariantCulture);
        options.Constraints.PromiseTimeout = _limits.Timeout;
        options.TimeSystem = new ContextTimeSystem(context.TimeProvider);
    }

    /// <summary>
    /// Jint checks memory between statements, so a single statement (<c>'x'.repeat(1e8)</c>) can finish far
    /// past the limit; such a result must not reach the workflow either.
    /// </summary>
    private void CheckMemory(long allocatedBefore)
    {
        if (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore > _limits.MemoryLimitBytes)
        {
            throw JavaScriptErrors.MemoryLimit(_limits, innerException: null);
        }
    }
}
