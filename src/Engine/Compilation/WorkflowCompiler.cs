using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Activities.Composition;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Expressions;

namespace Orchestrator.Engine.Compilation;

/// <summary>Finds the definitions that stand behind workflow-as-activity types (by PascalCase name and version).</summary>
public interface IWorkflowActivityResolver
{
    WorkflowDefinition? Resolve(string typeName, int? version);
}

/// <summary>
/// Turns a definition into a <see cref="CompiledWorkflow"/>: activities configured, expressions parsed,
/// graphs indexed. Problems never stop compilation; they are listed, and an activity with a problem
/// raises it as an incident if a run reaches it.
/// </summary>
public sealed class WorkflowCompiler
{
    public WorkflowCompiler(ActivityRegistry activities, ExpressionLanguages languages, IWorkflowActivityResolver? workflowActivities = null)
    {
        Activities = activities;
        Languages = languages;
        WorkflowActivities = workflowActivities;
    }

    public ActivityRegistry Activities { get; }

    public ExpressionLanguages Languages { get; }

    public IWorkflowActivityResolver? WorkflowActivities { get; }

    public CompiledWorkflow Compile(WorkflowDefinition definition)
    {
        var session = new Session(this);
        var scope = new WorkflowScope(definition, null);
        foreach (var variable in definition.Variables)
        {
            session.DeclareVariable(scope, variable, null);
        }

        var root = definition.Root is { } rootJson ? session.CompileActivity(rootJson, null, scope) : null;
        if (root is null)
        {
            session.Problems.Add(new CompileProblem(null, "root", "the definition has no root activity"));
            root = new UnknownActivity { Id = "root", NodeId = "root", Type = "(none)", Scope = scope, Json = [] };
            session.Register(root);
        }

        var triggers = new List<CompiledTrigger>();
        foreach (var activity in session.All)
        {
            if (activity.CanStartWorkflow && activity is ITriggerActivity trigger && activity.Scope == scope)
            {
                if (trigger.GetTrigger() is { } spec)
                {
                    triggers.Add(new CompiledTrigger(activity, spec));
                }
            }
        }

        return new CompiledWorkflow(definition, root, scope, session.All, triggers, session.Problems);
    }

    /// <summary>State of one compilation: the activities registered so far and the problems found.</summary>
    internal sealed class Session(WorkflowCompiler compiler)
    {
        private readonly HashSet<string> _nodeIds = new(StringComparer.Ordinal);
        private readonly Stack<string> _inlining = new();

        public WorkflowCompiler Compiler { get; } = compiler;

        public List<Activity> All { get; } = [];

        public List<CompileProblem> Problems { get; } = [];

        public void Register(Activity activity)
        {
            activity.Index = All.Count;
            All.Add(activity);
        }

        public void DeclareVariable(WorkflowScope scope, VariableDefinition variable, ActivityConfigurator? by)
        {
            if (scope.TryAdd(variable, out var problem) && problem is not null)
            {
                Problems.Add(new CompileProblem(by?.Activity.Id, "variables", problem));
            }
        }

        public Activity? CompileActivity(JsonObject json, Activity? parent, WorkflowScope scope)
        {
            var type = JsonRead.GetString(json, "type");
            var id = JsonRead.GetString(json, "id") ?? $"{type ?? "activity"}{All.Count + 1}";
            if (type is null)
            {
                Problems.Add(new CompileProblem(id, "type", "the activity has no 'type'"));
                type = "(none)";
            }

            var version = JsonRead.GetInt(json, "version");
            Activity activity;
            var descriptor = Compiler.Activities.Find(type, version);
            WorkflowDefinition? inlined = null;
            if (descriptor is not null)
            {
                activity = descriptor.Factory();
            }
            else if (Compiler.WorkflowActivities?.Resolve(type, version) is { } childDefinition)
            {
                inlined = childDefinition;
                activity = new WorkflowDefinitionActivity(childDefinition);
            }
            else
            {
                if (type != "(none)")
                {
                    Problems.Add(new CompileProblem(id, "type", $"unknown activity type '{type}'"));
                }

                activity = new UnknownActivity();
            }

            activity.Id = id;
            activity.Type = type;
            activity.TypeVersion = version ?? descriptor?.Version ?? 1;
            activity.Name = JsonRead.GetString(json, "name");
            activity.Parent = parent;
            activity.Scope = scope;
            activity.Json = json;
            activity.NodeId = parent is null ? id : $"{parent.NodeId}:{id}";
            activity.CanStartWorkflow = JsonRead.ActivityFlag(json, "canStartWorkflow");
            activity.MergeMode = JsonRead.GetString(json["customProperties"] as JsonObject, "mergeMode");
            if (!_nodeIds.Add(activity.NodeId))
            {
                Problems.Add(new CompileProblem(id, "id", "another activity in the same container has this id"));
                activity.NodeId = $"{activity.NodeId}#{All.Count}";
            }

            Register(activity);
            var configurator = new ActivityConfigurator(this, activity);
            if (descriptor is not null)
            {
                BindInputsAndOutputs(configurator, descriptor);
            }

            if (inlined is not null)
            {
                if (_inlining.Contains(inlined.DefinitionId))
                {
                    Problems.Add(new CompileProblem(id, "type", $"workflow '{inlined.Name}' uses itself as an activity"));
                    return activity;
                }

                _inlining.Push(inlined.DefinitionId);
                activity.Configure(configurator);
                _inlining.Pop();
            }
            else
            {
                activity.Configure(configurator);
            }

            return activity;
        }

        private static void BindInputsAndOutputs(ActivityConfigurator configurator, ActivityDescriptor descriptor)
        {
            foreach (var input in descriptor.Inputs)
            {
                if (input.Property is null)
                {
                    continue;
                }

                var node = JsonRead.TryGet(configurator.Json, input.Name, out var n) ? n : null;
                var bound = ReadTyped(configurator, input, node);
                input.Property.SetValue(configurator.Activity, bound);
            }

            foreach (var output in descriptor.Outputs)
            {
                if (output.Property is null)
                {
                    continue;
                }

                var node = JsonRead.TryGet(configurator.Json, output.Name, out var n) ? n as JsonObject : null;
                var target = configurator.ReadOutputTarget(output.Name, node);
                var outputType = typeof(Output<>).MakeGenericType(output.ClrType);
                var value = target is null
                    ? outputType.GetProperty(nameof(Output<object>.Unbound))!.GetValue(null)
                    : Activator.CreateInstance(outputType, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, [target], null);
                output.Property.SetValue(configurator.Activity, value);
            }
        }

        private static Input ReadTyped(ActivityConfigurator configurator, InputDescriptor input, JsonNode? node)
        {
            var method = typeof(Session).GetMethod(nameof(ReadGeneric), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(input.ClrType);
            return (Input)method.Invoke(null, [configurator, input, node])!;
        }

        private static Input<T> ReadGeneric<T>(ActivityConfigurator configurator, InputDescriptor input, JsonNode? node) =>
            configurator.ReadInput<T>(input.Name, node, input.Required, input.DefaultValue);
    }
}
