using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Expressions;

namespace Orchestrator.Engine.Tests.Expressions.Liquid;

/// <summary>An expression context backed by dictionaries, recording what a template reads and changes.</summary>
internal sealed class TestExpressionContext : IExpressionContext
{
    private readonly List<(string ActivityName, string OutputName)> _outputNames = [];
    private readonly Dictionary<(string, string), object?> _outputs = [];
    private object? _currentValue;
    private bool _hasCurrentValue;

    public TestExpressionContext(TimeProvider? timeProvider = null)
    {
        TimeProvider = timeProvider ?? new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    }

    /// <summary>Insertion order is kept, so the first key plays the innermost scope.</summary>
    public Dictionary<string, object?> Variables { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, object?> Inputs { get; } = new(StringComparer.Ordinal);

    public List<string> VariableReads { get; } = [];

    public List<(string Name, object? Value)> VariableWrites { get; } = [];

    public string WorkflowInstanceId { get; set; } = "instance-1";

    public string WorkflowDefinitionId { get; set; } = "definition-1";

    public int WorkflowVersion { get; set; } = 1;

    public string? CorrelationId { get; set; }

    public string? WorkflowInstanceName { get; set; }

    /// <summary>Replaces the names reported as visible, e.g. to list a shadowed name twice.</summary>
    public IReadOnlyList<string>? ScopedVariableNames { get; set; }

    public IReadOnlyList<string> VariableNames => ScopedVariableNames ?? [.. Variables.Keys];

    public IReadOnlyCollection<string> InputNames => Inputs.Keys;

    public IReadOnlyList<(string ActivityName, string OutputName)> ActivityOutputs => _outputNames;

    public object? LastResult { get; set; }

    public IReadOnlyList<string> Outcomes { get; private set; } = [];

    public TimeProvider TimeProvider { get; }

    public CancellationToken CancellationToken { get; set; }

    public TestExpressionContext WithVariable(string name, object? value)
    {
        Variables[name] = value;
        return this;
    }

    public TestExpressionContext WithInput(string name, object? value)
    {
        Inputs[name] = value;
        return this;
    }

    public TestExpressionContext WithCurrentValue(object? value)
    {
        _currentValue = value;
        _hasCurrentValue = true;
        return this;
    }

    public void AddActivityOutput(string activityName, string outputName, object? value)
    {
        _outputNames.Add((activityName, outputName));
        _outputs[(activityName, outputName)] = value;
    }

    public bool TryGetVariable(string name, out object? value)
    {
        VariableReads.Add(name);
        return Variables.TryGetValue(name, out value);
    }

    public void SetVariable(string name, object? value)
    {
        if (!Variables.ContainsKey(name))
        {
            throw new ExpressionException($"No variable named '{name}' is visible.");
        }

        VariableWrites.Add((name, value));
        Variables[name] = value;
    }

    public bool TryGetInput(string name, out object? value) => Inputs.TryGetValue(name, out value);

    public bool TryGetCurrentValue(out object? value)
    {
        value = _currentValue;
        return _hasCurrentValue;
    }

    public bool TryGetActivityOutput(string activityName, string outputName, out object? value) =>
        _outputs.TryGetValue((activityName, outputName), out value);

    public void SetOutcomes(IReadOnlyList<string> outcomes) => Outcomes = outcomes;
}
