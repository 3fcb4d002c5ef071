using Microsoft.Extensions.Time.Testing;
using Orchestrator.Engine.Expressions;

namespace Orchestrator.Engine.Tests.Expressions.JavaScript;

/// <summary>An expression context over plain dictionaries, recording what a script changes.</summary>
internal sealed class TestExpressionContext : IExpressionContext
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);
    private readonly List<string> _variableNames = [];

    public string WorkflowInstanceId { get; init; } = "instance-1";

    public string WorkflowDefinitionId { get; init; } = "definition-1";

    public int WorkflowVersion { get; init; } = 3;

    public string? CorrelationId { get; set; }

    public string? WorkflowInstanceName { get; set; }

    public IReadOnlyList<string> VariableNames => _variableNames;

    public Dictionary<string, object?> Inputs { get; } = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> InputNames => Inputs.Keys;

    public Dictionary<(string ActivityName, string OutputName), object?> Outputs { get; } = [];

    public IReadOnlyList<(string ActivityName, string OutputName)> ActivityOutputs => [.. Outputs.Keys];

    public bool HasCurrentValue { get; set; }

    public object? CurrentValue { get; set; }

    public object? LastResult { get; set; }

    public IReadOnlyList<string>? Outcomes { get; private set; }

    /// <summary>Every SetVariable call, in order, to check what a script wrote and what it left alone.</summary>
    public List<(string Name, object? Value)> Writes { get; } = [];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 5, 17, 8, 30, 0, TimeSpan.Zero));

    public TimeProvider TimeProvider => Clock;

    public CancellationToken CancellationToken { get; set; }

    public IServiceProvider? Services { get; init; }

    public TestExpressionContext WithVariable(string name, object? value)
    {
        _variableNames.Add(name);
        _variables[name] = value;
        return this;
    }

    public TestExpressionContext WithInput(string name, object? value)
    {
        Inputs[name] = value;
        return this;
    }

    public object? Variable(string name) => _variables[name];

    public bool TryGetVariable(string name, out object? value) => _variables.TryGetValue(name, out value);

    public void SetVariable(string name, object? value)
    {
        if (!_variables.ContainsKey(name))
        {
            throw new ExpressionException($"Variable '{name}' does not exist in this workflow");
        }

        _variables[name] = value;
        Writes.Add((name, value));
    }

    public bool TryGetInput(string name, out object? value) => Inputs.TryGetValue(name, out value);

    public bool TryGetCurrentValue(out object? value)
    {
        value = CurrentValue;
        return HasCurrentValue;
    }

    public bool TryGetActivityOutput(string activityName, string outputName, out object? value) =>
        Outputs.TryGetValue((activityName, outputName), out value);

    public void SetOutcomes(IReadOnlyList<string> outcomes) => Outcomes = outcomes;
}
