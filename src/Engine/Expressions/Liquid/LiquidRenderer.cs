using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;

namespace Orchestrator.Engine.Expressions.Liquid;

/// <summary>Renders parsed templates under one evaluator's limits, clock zone and filters.</summary>
internal sealed class LiquidRenderer
{
    private readonly TemplateOptions _templateOptions;
    private readonly TimeZoneInfo _timeZone;
    private readonly int _maxSteps;
    private readonly int _maxRecursion;

    public LiquidRenderer(int maxSteps, int maxRecursion, TimeZoneInfo timeZone)
    {
        _maxSteps = maxSteps;
        _maxRecursion = maxRecursion;
        _timeZone = timeZone;

        // Shared by every render and never changed after this point, which is what makes concurrent renders safe.
        _templateOptions = new TemplateOptions
        {
            MaxSteps = maxSteps,
            MaxRecursion = maxRecursion,
            TimeZone = timeZone,
            CultureInfo = CultureInfo.InvariantCulture,

            // A strategy of our own, with nothing registered: the model holds only Fluid values, and nothing set
            // elsewhere on Fluid's process-wide defaults can open CLR members to templates.
            MemberAccessStrategy = new DefaultMemberAccessStrategy(),
        };
        LiquidFilters.Register(_templateOptions);
    }

    public async ValueTask<string> RenderAsync(IFluidTemplate template, IExpressionContext context, TextEncoder encoder)
    {
        context.CancellationToken.ThrowIfCancellationRequested();

        var timeProvider = context.TimeProvider;
        var timeZone = _timeZone;
        var templateContext = new TemplateContext(new LiquidModel(context, timeZone), _templateOptions, allowModelMembers: true)
        {
            Now = () => TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), timeZone),
            TimeZone = timeZone,
        };

        try
        {
            // Isolating the render costs one scope, which makes MaxRecursion the number of blocks that may nest.
            return await template.RenderAsync(templateContext, encoder, isolateContext: true);
        }
        catch (Exception ex) when (ex is not ExpressionException and not OperationCanceledException)
        {
            throw Translate(ex, templateContext);
        }
    }

    private ExpressionException Translate(Exception exception, TemplateContext templateContext)
    {
        if (exception is InvalidOperationException)
        {
            // Fluid 2.41 reports the step limit with its recursion message, so the message cannot tell them apart.
            // The step counter can: once it is past the limit, one more step throws again.
            if (StepLimitReached(templateContext))
            {
                return new ExpressionLimitException(
                    "statements",
                    $"Liquid template exceeded its step limit of {_maxSteps.ToString(CultureInfo.InvariantCulture)}",
                    exception);
            }

            if (exception.TargetSite?.Name == "ThrowMaximumRecursionException")
            {
                return new ExpressionLimitException(
                    "recursion",
                    $"Liquid template exceeded its recursion limit of {_maxRecursion.ToString(CultureInfo.InvariantCulture)}",
                    exception);
            }
        }

        return new ExpressionException($"Liquid template failed: {exception.Message}", exception);
    }

    private static bool StepLimitReached(TemplateContext templateContext)
    {
        try
        {
            templateContext.IncrementSteps();
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
