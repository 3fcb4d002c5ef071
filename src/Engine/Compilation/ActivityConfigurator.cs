using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Expressions;
using Orchestrator.Engine.Values;

namespace Orchestrator.Engine.Compilation;

/// <summary>Reads one activity's JSON while the workflow is compiled: inputs, outputs, child activities, variable references.</summary>
public sealed class ActivityConfigurator
{
    private readonly WorkflowCompiler.Session _session;

    internal ActivityConfigurator(WorkflowCompiler.Session session, Activity activity)
    {
        _session = session;
        Activity = activity;
    }

    public Activity Activity { get; }

    public JsonObject Json => Activity.Json;

    /// <summary>Records a problem with this activity (shown by <c>validate</c>; the run faults if it reaches it).</summary>
    public void Report(string? field, string message, ProblemSeverity severity = ProblemSeverity.Error) =>
        _session.Problems.Add(new CompileProblem(Activity.Id, field, message, severity));

    /// <summary>Reads an input by its JSON key. Missing inputs are <see cref="Input{T}.Empty"/>.</summary>
    public Input<T> GetInput<T>(string key, bool required = false, string? defaultLiteral = null)
    {
        var node = JsonRead.TryGet(Json, key, out var n) ? n : null;
        return ReadInput<T>(key, node, required, defaultLiteral);
    }

    /// <summary>Reads an input from a JSON node holding an input wrapper, a bare expression or a bare primitive.</summary>
    public Input<T> ReadInput<T>(string field, JsonNode? node, bool required = false, string? defaultLiteral = null)
    {
        var input = ReadInputCore<T>(field, node, required, defaultLiteral);
        if (!ReferenceEquals(input, Input<T>.Empty))
        {
            input.Field = field;
        }

        return input;
    }

    private Input<T> ReadInputCore<T>(string field, JsonNode? node, bool required, string? defaultLiteral)
    {
        var (language, value) = ReadExpression(node);
        if (language is null)
        {
            if (defaultLiteral is not null)
            {
                return CreateLiteral<T>(field, defaultLiteral);
            }

            if (required)
            {
                Report(field, "required input is missing");
            }

            return Input<T>.Empty;
        }

        switch (language.ToUpperInvariant())
        {
            case "LITERAL":
                if (value is null)
                {
                    if (required)
                    {
                        Report(field, "required input is empty");
                    }

                    return new Input<T>("Literal", null, null, true, default);
                }

                return CreateLiteral<T>(field, value);
            case "OBJECT":
            case "JSON":
                return CreateObject<T>(field, value, language);
            case "VARIABLE":
                return CreateVariable<T>(field, value);
            default:
                return CreateDynamic<T>(field, language, ValueModel.ToText(value) ?? string.Empty);
        }
    }

    /// <summary>Creates an input of a type known only at run time (the inputs of a workflow used as an activity).</summary>
    public Input ReadInput(string field, JsonNode? node, Type valueType)
    {
        var method = typeof(ActivityConfigurator).GetMethod(nameof(ReadInputBoxed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(valueType);
        return (Input)method.Invoke(this, [field, node])!;
    }

    /// <summary>Reads an output binding: <c>{"memoryReference": {"id": "..."}}</c> names a variable id or a workflow output.</summary>
    public Output<T> GetOutput<T>(string key)
    {
        var node = JsonRead.TryGet(Json, key, out var n) ? n as JsonObject : null;
        var target = ReadOutputTarget(key, node);
        return target is null ? Output<T>.Unbound : new Output<T>(target);
    }

    internal OutputTarget? ReadOutputTarget(string field, JsonObject? node)
    {
        var reference = node?["memoryReference"] as JsonObject;
        var id = JsonRead.GetString(reference, "id");
        if (id is null)
        {
            return null;
        }

        var scope = Activity.Scope;
        if (scope.TryResolve(id, out var slot))
        {
            return new OutputTarget(scope, slot, null);
        }

        if (scope.Outputs.Any(o => string.Equals(o.Name, id, StringComparison.Ordinal)))
        {
            return new OutputTarget(scope, null, id);
        }

        // Elsa writes memory references for inputs too (ids like "<activity>:input-0"); only report ids that look like bindings.
        if (!id.Contains(':', StringComparison.Ordinal))
        {
            Report(field, $"output is bound to '{id}', which is neither a variable nor a workflow output", ProblemSeverity.Warning);
        }

        return null;
    }

    /// <summary>Resolves a variable reference written as a name, an id, or an object <c>{id, name}</c>.</summary>
    public VariableSlot? ResolveVariable(string field, JsonNode? node)
    {
        string? id = null;
        string? name = null;
        switch (node)
        {
            case JsonValue v when v.TryGetValue<string>(out var s):
                id = s;
                break;
            case JsonObject o:
                id = JsonRead.GetString(o, "id");
                name = JsonRead.GetString(o, "name");
                if (id is null && name is null && o["expression"] is JsonObject)
                {
                    var (_, value) = ReadExpression(o);
                    id = ValueModel.ToText(value);
                }

                break;
        }

        if (id is null && name is null)
        {
            Report(field, "no variable is referenced");
            return null;
        }

        var scope = Activity.Scope;
        if ((id is not null && scope.TryResolve(id, out var slot)) || (name is not null && scope.TryResolve(name, out slot)))
        {
            return slot;
        }

        // Some exports reference a variable they never declare; declare it in the scope so the run can use it.
        if (node is JsonObject declared && VariableDefinition.Read(declared) is { } definition)
        {
            Report(field, $"variable '{definition.Name}' is not declared in the workflow; it is declared implicitly", ProblemSeverity.Warning);
            _session.DeclareVariable(scope, definition, this);
            return scope.TryResolve(definition.Id, out slot) ? slot : null;
        }

        Report(field, $"variable '{name ?? id}' is not declared");
        return null;
    }

    /// <summary>Compiles a child activity held in a property (<c>body</c>, <c>then</c>, a case's activity).</summary>
    public Activity? GetActivity(string key)
    {
        var node = JsonRead.TryGet(Json, key, out var n) ? n : null;
        return node is JsonObject obj ? CompileChild(obj) : null;
    }

    /// <summary>Compiles the child activities held in an array property (<c>activities</c>, <c>branches</c>).</summary>
    public IReadOnlyList<Activity> GetActivities(string key)
    {
        var node = JsonRead.TryGet(Json, key, out var n) ? n : null;
        if (node is not JsonArray array)
        {
            return [];
        }

        var result = new List<Activity>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonObject obj && CompileChild(obj) is { } child)
            {
                child.Slot = result.Count;
                result.Add(child);
            }
        }

        return result;
    }

    public Activity? CompileChild(JsonObject json) => _session.CompileActivity(json, Activity, Activity.Scope);

    /// <summary>Declares flowchart-level variables in the enclosing scope.</summary>
    public void DeclareVariables(JsonNode? variables)
    {
        foreach (var definition in VariableDefinition.ReadList(variables))
        {
            _session.DeclareVariable(Activity.Scope, definition, this);
        }
    }

    /// <summary>Compiles an expression's source in a language; a parse error becomes a problem and a failing expression.</summary>
    public CompiledExpression CompileExpression(string field, string language, string source)
    {
        if (!_session.Compiler.Languages.TryGet(language, out var evaluator))
        {
            var message = $"unknown expression type '{language}'";
            Report(field, message);
            return new FailingExpression(message);
        }

        try
        {
            return evaluator.Compile(source);
        }
        catch (ExpressionException ex)
        {
            Report(field, ex.Message);
            return new FailingExpression(ex.Message);
        }
    }

    /// <summary>True when <paramref name="activity"/> can complete with <paramref name="port"/> (unknown and dynamic ports are accepted).</summary>
    public bool AcceptsOutcome(Activity activity, string port)
    {
        if (activity is UnknownActivity)
        {
            return true;
        }

        if (activity.DynamicOutcomes is { } dynamic)
        {
            return dynamic.Contains(port);
        }

        var descriptor = _session.Compiler.Activities.Find(activity.Type, activity.TypeVersion);
        return descriptor is null || descriptor.HasDynamicOutcomes || descriptor.Outcomes.Contains(port);
    }

    internal WorkflowCompiler.Session Session => _session;

    /// <summary>Splits an input node into (expression type, expression value).</summary>
    internal static (string? Language, object? Value) ReadExpression(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return (null, null);
            case JsonValue primitive:
                return ("Literal", ValueModel.FromJsonNode(primitive));
            case JsonArray array:
                return ("Object", array);
            case JsonObject obj:
                var expression = obj["expression"] as JsonObject ?? (obj["type"] is JsonValue && obj.ContainsKey("value") && !obj.ContainsKey("id") ? obj : null);
                if (expression is null)
                {
                    return obj.ContainsKey("typeName") || obj.ContainsKey("memoryReference") ? (null, null) : ("Object", obj);
                }

                var language = JsonRead.GetString(expression, "type") ?? "Literal";
                var value = expression["value"];
                return (language, value is JsonValue v ? ValueModel.FromJsonNode(v) : value);
        }

        return (null, null);
    }

    private Input<T> ReadInputBoxed<T>(string field, JsonNode? node) => ReadInput<T>(field, node);

    private Input<T> CreateLiteral<T>(string field, object value)
    {
        try
        {
            var converted = ValueConverter.Convert<T>(value is string s && typeof(T) != typeof(string) && typeof(T) != typeof(object) && s.Length == 0 ? null : value);
            return new Input<T>("Literal", ValueModel.ToText(value), null, true, converted);
        }
        catch (FormatException ex)
        {
            Report(field, ex.Message);
            return new Input<T>("Literal", ValueModel.ToText(value), new FailingExpression(ex.Message), false, default);
        }
    }

    private Input<T> CreateObject<T>(string field, object? value, string language)
    {
        JsonNode? node;
        try
        {
            node = value switch
            {
                null => null,
                string s when string.IsNullOrWhiteSpace(s) => null,
                string s => JsonNode.Parse(s),
                JsonNode n => n.DeepClone(),
                _ => ValueModel.ToJsonNode(value),
            };
        }
        catch (JsonException ex)
        {
            var message = $"{language} expression is not valid JSON: {ex.Message}";
            Report(field, message);
            return new Input<T>(language, ValueModel.ToText(value), new FailingExpression(message), false, default);
        }

        try
        {
            var converted = ValueConverter.Convert<T>(node is JsonValue jv ? ValueModel.FromJsonNode(jv) : node);
            return new Input<T>(language, ValueModel.ToText(value), new ConstantJsonExpression(node), converted is not JsonNode, converted);
        }
        catch (FormatException ex)
        {
            Report(field, ex.Message);
            return new Input<T>(language, ValueModel.ToText(value), new FailingExpression(ex.Message), false, default);
        }
    }

    private Input<T> CreateVariable<T>(string field, object? value)
    {
        var name = value switch
        {
            string s => s,
            JsonObject o => JsonRead.GetString(o, "name") ?? JsonRead.GetString(o, "id"),
            _ => null,
        };
        if (name is null)
        {
            Report(field, "Variable expression names no variable");
            return new Input<T>("Variable", null, new FailingExpression("Variable expression names no variable"), false, default);
        }

        if (!Activity.Scope.TryResolve(name, out var slot))
        {
            Report(field, $"variable '{name}' is not declared");
            return new Input<T>("Variable", name, new VariableExpression(name), false, default);
        }

        return new Input<T>("Variable", name, new VariableExpression(slot.Name), false, default);
    }

    private Input<T> CreateDynamic<T>(string field, string language, string source) =>
        new(language, source, CompileExpression(field, language, source), false, default);

    /// <summary>An Object/Json expression: a constant JSON value, copied on each evaluation so runs never share it.</summary>
    private sealed class ConstantJsonExpression(JsonNode? node) : CompiledExpression
    {
        public override bool IsConstant => true;

        public override ValueTask<object?> EvaluateAsync(IExpressionContext context) =>
            new(node is JsonValue v ? ValueModel.FromJsonNode(v) : node?.DeepClone());
    }
}
