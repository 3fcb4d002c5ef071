using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Values;

namespace Orchestrator.Engine.Activities.Composition;

/// <summary>
/// A workflow used as an activity (its name in PascalCase is the type). It runs inline with its own
/// variables, inputs (evaluated in the parent, shadowing the parent's inputs of the same name) and outputs;
/// an <c>Elsa.Complete</c> inside it ends only this activity, and its outcomes become ports in the parent.
/// </summary>
public sealed class WorkflowDefinitionActivity : Activity
{
    private readonly List<(string Name, Input Input)> _inputs = [];
    private readonly List<(string Name, OutputTarget Target)> _outputs = [];
    private WorkflowScope? _scope;
    private Activity? _root;

    internal WorkflowDefinitionActivity(WorkflowDefinition definition)
    {
        Definition = definition;
    }

    public WorkflowDefinition Definition { get; }

    internal WorkflowScope? ChildScope => _scope;

    public override IReadOnlyList<Activity> Children => _root is null ? [] : [_root];

    public override IReadOnlyCollection<string>? DynamicOutcomes => [.. Definition.Outcomes, "Done"];

    protected internal override void Configure(ActivityConfigurator configurator)
    {
        foreach (var input in Definition.Inputs)
        {
            if (JsonRead.TryGet(configurator.Json, input.Name, out var node) && node is not null)
            {
                var type = ValueConverter.ResolveTypeName(input.Type);
                _inputs.Add((input.Name, configurator.ReadInput(ActivityDescriptor.CamelCase(input.Name), node, type)));
            }
        }

        foreach (var output in Definition.Outputs)
        {
            var node = JsonRead.TryGet(configurator.Json, output.Name, out var n) ? n as System.Text.Json.Nodes.JsonObject : null;
            if (configurator.ReadOutputTarget(ActivityDescriptor.CamelCase(output.Name), node) is { } target)
            {
                _outputs.Add((output.Name, target));
            }
        }

        _scope = new WorkflowScope(Definition, this);
        foreach (var variable in Definition.Variables)
        {
            configurator.Session.DeclareVariable(_scope, variable, configurator);
        }

        if (Definition.Root is { } rootJson)
        {
            _root = configurator.Session.CompileActivity(rootJson, this, _scope);
        }
    }

    protected internal override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var input = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in _inputs)
        {
            input[name] = await context.EvaluateAsync(value);
        }

        context.OwnedScope = _scope;
        context.Variables = _scope!.CreateValues();
        context.ScopeInput = input;
        context.ScopeOutput = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (_root is null)
        {
            await context.CompleteAsync();
            return;
        }

        context.ScheduleChild(_root);
    }

    protected internal override ValueTask OnChildCompletedAsync(ActivityExecutionContext context, ActivityExecutionContext child) =>
        CompleteScopeAsync(context, Outcomes.Done);

    protected internal override ValueTask CompleteScopeAsync(ActivityExecutionContext context, Outcomes outcomes)
    {
        if (context.ScopeOutput is { } outputs)
        {
            foreach (var (name, target) in _outputs)
            {
                if (outputs.TryGetValue(name, out var value))
                {
                    context.SetOutput(new Output<object>(target), value, name);
                }
            }
        }

        return context.CompleteAsync(outcomes);
    }
}
