using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Values;

namespace Orchestrator.Engine.Compilation;

/// <summary>
/// The variables, inputs and outputs of one workflow: the root workflow, or a workflow used as an activity
/// inside it (which has its own). Flowchart-level variables join the scope they are declared in.
/// </summary>
public sealed class WorkflowScope
{
    private readonly List<VariableSlot> _variables = [];
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private object?[] _initialValues = [];

    internal WorkflowScope(WorkflowDefinition? definition, Activity? owner)
    {
        Definition = definition;
        Owner = owner;
        Inputs = definition?.Inputs ?? [];
        Outputs = definition?.Outputs ?? [];
    }

    internal static WorkflowScope Empty { get; } = new(null, null);

    public WorkflowDefinition? Definition { get; }

    /// <summary>The workflow-as-activity that owns this scope; null for the root workflow.</summary>
    public Activity? Owner { get; }

    public IReadOnlyList<VariableSlot> Variables => _variables;

    public IReadOnlyList<InputDefinition> Inputs { get; }

    public IReadOnlyList<OutputDefinition> Outputs { get; }

    internal bool TryAdd(VariableDefinition definition, out string? problem)
    {
        problem = null;
        if (_byId.ContainsKey(definition.Id))
        {
            return false;
        }

        var type = ValueConverter.ResolveTypeName(definition.TypeName);
        if (definition.IsArray && !type.IsArray)
        {
            type = type.MakeArrayType();
        }

        object? initial = null;
        if (definition.Value is not null)
        {
            try
            {
                initial = ValueConverter.Convert(definition.Value, type);
            }
            catch (FormatException ex)
            {
                problem = $"variable '{definition.Name}': initial value {ex.Message}";
            }
        }

        var index = _variables.Count;
        _variables.Add(new VariableSlot(index, definition, type, initial, this));
        _byId[definition.Id] = index;
        _byName.TryAdd(definition.Name, index);
        _initialValues = [.. _variables.Select(v => v.InitialValue)];
        return true;
    }

    /// <summary>Finds a variable by id, then by name.</summary>
    public bool TryResolve(string idOrName, out VariableSlot slot)
    {
        if (_byId.TryGetValue(idOrName, out var index) || _byName.TryGetValue(idOrName, out index))
        {
            slot = _variables[index];
            return true;
        }

        slot = null!;
        return false;
    }

    internal object?[] CreateValues()
    {
        if (_initialValues.Length == 0)
        {
            return [];
        }

        var values = (object?[])_initialValues.Clone();
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is System.Text.Json.Nodes.JsonNode node)
            {
                values[i] = node.DeepClone();
            }
        }

        return values;
    }
}

/// <summary>A variable of a scope, with its CLR type and initial value.</summary>
public sealed record VariableSlot(int Index, VariableDefinition Definition, Type ClrType, object? InitialValue, WorkflowScope Scope)
{
    public string Name => Definition.Name;
}

/// <summary>Where an output goes: a variable of a scope, or an output of the scope's workflow.</summary>
internal sealed record OutputTarget(WorkflowScope Scope, VariableSlot? Variable, string? OutputName);
