using Fluid;
using Fluid.Values;

namespace Orchestrator.Engine.Expressions.Liquid;

/// <summary>
/// What a template sees of the workflow: <c>Variables</c>, <c>Input</c>, <c>CorrelationId</c>, <c>WorkflowInstanceId</c>,
/// <c>WorkflowDefinitionId</c>, <c>WorkflowInstanceName</c>, <c>CurrentValue</c>, <c>LastResult</c>, and every visible
/// variable by its own name unless that name is one of these.
/// </summary>
/// <remarks>
/// Fluid asks the model for each top-level name its scopes do not hold (names assigned in the template come first).
/// Values are copied into Fluid values the first time a render reads them, so a render pays only for what it uses and
/// never holds a live engine object. Names are matched without regard to case, like Fluid's own top-level names;
/// keys inside JSON data are matched exactly. One model serves one render, which Fluid runs one step at a time.
/// </remarks>
internal sealed class LiquidModel : FluidValue
{
    private readonly IExpressionContext _context;
    private readonly TimeZoneInfo _timeZone;
    private readonly LazyNamedValues _variables;
    private readonly Dictionary<string, FluidValue> _reserved;
    private FluidValue? _currentValue;
    private FluidValue? _lastResult;

    public LiquidModel(IExpressionContext context, TimeZoneInfo timeZone)
    {
        _context = context;
        _timeZone = timeZone;
        _variables = new LazyNamedValues(context.VariableNames, context.TryGetVariable, timeZone);
        _reserved = new Dictionary<string, FluidValue>(StringComparer.OrdinalIgnoreCase)
        {
            ["Variables"] = new DictionaryValue(_variables),
            ["Input"] = new DictionaryValue(new LazyNamedValues(context.InputNames, context.TryGetInput, timeZone)),
            ["CorrelationId"] = Text(context.CorrelationId),
            ["WorkflowInstanceId"] = Text(context.WorkflowInstanceId),
            ["WorkflowDefinitionId"] = Text(context.WorkflowDefinitionId),
            ["WorkflowInstanceName"] = Text(context.WorkflowInstanceName),
        };
    }

    public override FluidValues Type => FluidValues.Object;

    public override ValueTask<FluidValue> GetValueAsync(string name, TemplateContext context) => new(Resolve(name));

    // The model is never a value in the template itself; these only satisfy FluidValue.
    public override bool Equals(FluidValue other) => ReferenceEquals(this, other);

    public override bool ToBooleanValue() => true;

    public override decimal ToNumberValue() => 0;

    public override string ToStringValue() => string.Empty;

    public override object ToObjectValue() => string.Empty;

    private FluidValue Resolve(string name)
    {
        if (_reserved.TryGetValue(name, out var reserved))
        {
            return reserved;
        }

        if (string.Equals(name, "CurrentValue", StringComparison.OrdinalIgnoreCase))
        {
            return _currentValue ??= _context.TryGetCurrentValue(out var item) ? LiquidValues.From(item, _timeZone) : NilValue.Instance;
        }

        if (string.Equals(name, "LastResult", StringComparison.OrdinalIgnoreCase))
        {
            return _lastResult ??= LiquidValues.From(_context.LastResult, _timeZone);
        }

        return _variables.TryGetValue(name, out var value) ? value : NilValue.Instance;
    }

    private static FluidValue Text(string? value) => value is null ? NilValue.Instance : new StringValue(value);
}
