using System.Globalization;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Orchestrator.Engine.Expressions.Liquid;

/// <summary>
/// Puts a size check in front of every range (<c>(1..n)</c>) of a parsed template.
/// </summary>
/// <remarks>
/// Fluid builds every number of a range before a loop over it runs its first step, so <c>(1..100000000)</c> would
/// take seconds and gigabytes before the step limit could stop it. A range with more numbers than the step limit
/// could not be looped over within that limit anyway, so it is refused up front as a step-limit breach.
/// </remarks>
internal sealed class RangeGuard : AstRewriter
{
    public static IFluidTemplate Apply(IFluidTemplate template) => new RangeGuard().VisitTemplate(template);

    public override Expression Visit(Expression expression) =>
        expression is RangeExpression range ? new GuardedRange(range) : base.Visit(expression);

    private sealed class GuardedRange : Expression
    {
        private readonly RangeExpression _range;

        public GuardedRange(RangeExpression range)
        {
            _range = range;
        }

        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            // The limit is read from the render, not fixed here: a template may render under another evaluator's options.
            var maxSteps = context.MaxSteps;
            if (maxSteps > 0)
            {
                var from = (await _range.From.EvaluateAsync(context)).ToNumberValue();
                var to = (await _range.To.EvaluateAsync(context)).ToNumberValue();
                if (to - from + 1 > maxSteps)
                {
                    throw new ExpressionLimitException(
                        "statements",
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"Liquid template exceeded its step limit of {maxSteps}: the range ({from}..{to}) holds more numbers than that"));
                }
            }

            // Fluid's own range keeps its exact semantics; evaluating the bounds again is cheap and has no side effects.
            return await _range.EvaluateAsync(context);
        }
    }
}
