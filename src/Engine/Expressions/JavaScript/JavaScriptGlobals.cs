using System.Buffers.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace Orchestrator.Engine.Expressions.JavaScript;

/// <summary>
/// The helpers Elsa scripts expect (<c>getVariable</c>, <c>getCounter</c>, <c>setOutcome</c>, ...), defined on one
/// engine for one evaluation. Every helper takes and returns JavaScript values only; the context is reached from
/// here, never handed to the script.
/// </summary>
internal sealed class JavaScriptGlobals
{
    private readonly Jint.Engine _engine;
    private readonly IExpressionContext _context;
    private readonly JavaScriptValues _values;

    // What each property of `variables` held when the script last received it from the workflow; a property
    // that still holds this was not written by the script and must not be written back.
    private readonly Dictionary<string, Baseline> _baselines = new(StringComparer.Ordinal);

    // Built on first read of `variables`, so scripts that never touch it do not pay for copying every variable.
    private JsObject? _variables;

    public JavaScriptGlobals(Jint.Engine engine, IExpressionContext context, JavaScriptValues values)
    {
        _engine = engine;
        _context = context;
        _values = values;
    }

    public void Install(IEnumerable<IJavaScriptFunctions> hostFunctions)
    {
        // Fixed helpers go first: host functions and per-name helpers never replace them, so a variable called
        // "Input" cannot change what getInput(name) means.
        InstallWorkflowHelpers();
        InstallUtilities();
        InstallHostFunctions(hostFunctions);
        InstallVariables();
        InstallInputs();
        InstallActivityOutputs();
    }

    /// <summary>Writes back the properties of <c>variables</c> the script changed, once it has finished.</summary>
    public void WriteBackVariables()
    {
        if (_variables is null)
        {
            return;
        }

        foreach (var (key, descriptor) in _variables.GetOwnProperties())
        {
            if (!key.IsString() || !descriptor.Enumerable)
            {
                continue;
            }

            var name = key.ToString();
            var current = _variables.Get(key);
            if (_baselines.TryGetValue(name, out var baseline) && baseline.Matches(current, _values))
            {
                continue;
            }

            // A property the workflow never had is still written: the context rejects unknown names, which
            // surfaces a misspelt variable instead of silently dropping the value.
            _context.SetVariable(name, _values.ToModel(current));
        }
    }

    private void InstallWorkflowHelpers()
    {
        Define("getVariable", 1, args => GetVariable(RequireString(args, 0, "getVariable")));
        Define("setVariable", 2, args =>
        {
            SetVariable(RequireString(args, 0, "setVariable"), Arg(args, 1));
            return JsValue.Undefined;
        });
        DefineVariablesObject();

        Define("getInput", 1, args =>
            _context.TryGetInput(RequireString(args, 0, "getInput"), out var value) ? _values.ToJs(value) : JsValue.Undefined);

        Define("getCorrelationId", 0, _ => OptionalString(_context.CorrelationId));
        Define("setCorrelationId", 1, args =>
        {
            _context.CorrelationId = ToOptionalString(Arg(args, 0));
            return JsValue.Undefined;
        });
        Define("getWorkflowInstanceId", 0, _ => new JsString(_context.WorkflowInstanceId));
        Define("getWorkflowDefinitionId", 0, _ => new JsString(_context.WorkflowDefinitionId));
        Define("getWorkflowDefinitionVersion", 0, _ => JsNumber.Create(_context.WorkflowVersion));
        Define("getWorkflowInstanceName", 0, _ => OptionalString(_context.WorkflowInstanceName));
        Define("setWorkflowInstanceName", 1, args =>
        {
            _context.WorkflowInstanceName = ToOptionalString(Arg(args, 0));
            return JsValue.Undefined;
        });

        Define("setOutcome", 1, args =>
        {
            _context.SetOutcomes([RequireString(args, 0, "setOutcome")]);
            return JsValue.Undefined;
        });
        Define("setOutcomes", 1, args =>
        {
            _context.SetOutcomes(ReadOutcomes(Arg(args, 0)));
            return JsValue.Undefined;
        });

        Define("getCurrentValue", 0, _ =>
            _context.TryGetCurrentValue(out var value) ? _values.ToJs(value) : JsValue.Undefined);
        Define("getLastResult", 0, _ => _values.ToJs(_context.LastResult));
    }

    private void InstallUtilities()
    {
        Define("isNullOrWhiteSpace", 1, args => IsNullOr(Arg(args, 0), string.IsNullOrWhiteSpace));
        Define("isNullOrEmpty", 1, args => IsNullOr(Arg(args, 0), string.IsNullOrEmpty));
        Define("newGuid", 0, _ => new JsString(Guid.NewGuid().ToString("D")));
        Define("newGuidString", 0, _ => new JsString(Guid.NewGuid().ToString("D")));
        Define("newShortGuid", 0, _ => new JsString(Base64Url.EncodeToString(Guid.NewGuid().ToByteArray())));
        Define("parseGuid", 1, args =>
        {
            var text = RequireString(args, 0, "parseGuid");
            return Guid.TryParse(text, out var guid)
                ? new JsString(guid.ToString("D"))
                : throw new JavaScriptException(_engine.Intrinsics.TypeError, $"parseGuid: '{text}' is not a GUID");
        });
        Define("toJson", 1, args => _values.Stringify(Arg(args, 0), Arg(args, 1), Arg(args, 2)));
        Define("jsonParse", 1, args => _values.ParseJson(RequireString(args, 0, "jsonParse")));
    }

    private void InstallHostFunctions(IEnumerable<IJavaScriptFunctions> hostFunctions)
    {
        foreach (var source in hostFunctions)
        {
            foreach (var function in source.Functions)
            {
                TryDefine(function.Name, function.Length, args => CallHostFunction(function, args));
            }
        }
    }

    private JsValue CallHostFunction(JavaScriptFunction function, JsValue[] args)
    {
        var arguments = new object?[Math.Max(args.Length, function.Length)];
        for (var i = 0; i < args.Length; i++)
        {
            arguments[i] = _values.ToModel(args[i]);
        }

        try
        {
            return _values.ToJs(function.Invoke(arguments));
        }
        catch (JavaScriptFunctionException e)
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, $"{function.Name}: {e.Message}");
        }
    }

    private void InstallVariables()
    {
        foreach (var name in _context.VariableNames)
        {
            if (name.Length == 0)
            {
                continue;
            }

            var suffix = Capitalize(name);
            TryDefine("get" + suffix, 0, _ => GetVariable(name));
            TryDefine("set" + suffix, 1, args =>
            {
                SetVariable(name, Arg(args, 0));
                return JsValue.Undefined;
            });
        }
    }

    private void InstallInputs()
    {
        foreach (var name in _context.InputNames)
        {
            if (name.Length == 0)
            {
                continue;
            }

            // Defined after the variables, so a variable of the same name keeps get<Name>.
            TryDefine("get" + Capitalize(name), 0, _ =>
                _context.TryGetInput(name, out var value) ? _values.ToJs(value) : JsValue.Undefined);
        }
    }

    private void InstallActivityOutputs()
    {
        foreach (var (activityName, outputName) in _context.ActivityOutputs)
        {
            if (activityName.Length == 0 || outputName.Length == 0)
            {
                continue;
            }

            JsValue Read(JsValue[] args) =>
                _context.TryGetActivityOutput(activityName, outputName, out var value) ? _values.ToJs(value) : JsValue.Undefined;

            // Activity names are typed by people and often start lower case; accept both spellings of the call.
            var prefix = "get" + Capitalize(outputName) + "From";
            TryDefine(prefix + activityName, 0, Read);
            TryDefine(prefix + Capitalize(activityName), 0, Read);
        }
    }

    private JsValue GetVariable(string name)
    {
        // Once the script has the `variables` object, that is where its latest writes are; hand out a copy so
        // both ways of reading a variable behave alike (a copy, as from the workflow).
        if (_variables is not null && _variables.HasOwnProperty(name))
        {
            return _values.ToJs(_values.ToModel(_variables.Get(name)));
        }

        return _context.TryGetVariable(name, out var value) ? _values.ToJs(value) : JsValue.Undefined;
    }

    private void SetVariable(string name, JsValue value)
    {
        _context.SetVariable(name, _values.ToModel(value));

        // Keep `variables` in step, so it shows the new value and the end-of-script write-back does not
        // overwrite it with the old one.
        if (_variables is not null)
        {
            _variables.Set(name, value);
            _baselines[name] = Baseline.Of(value, _values);
        }
    }

    private void DefineVariablesObject()
    {
        var getter = new ClrFunction(_engine, "get variables", (_, _) => _variables ??= BuildVariablesObject());

        // A script that declares its own `variables` (var variables = {...}) takes the name over, as any JavaScript
        // declaration would; without a setter the assignment would be silently dropped.
        var setter = new ClrFunction(_engine, "set variables", (_, args) =>
        {
            _engine.Global.DefineOwnProperty(
                "variables",
                new PropertyDescriptor(Arg(args, 0), writable: true, enumerable: true, configurable: true));
            return JsValue.Undefined;
        });
        _engine.Global.DefineOwnProperty(
            "variables",
            new GetSetPropertyDescriptor(getter, setter, enumerable: false, configurable: true));
    }

    private JsObject BuildVariablesObject()
    {
        var variables = new JsObject(_engine);
        foreach (var name in _context.VariableNames)
        {
            // Innermost scope first: the first of a repeated name is the visible one.
            if (_baselines.ContainsKey(name) || !_context.TryGetVariable(name, out var value))
            {
                continue;
            }

            var jsValue = _values.ToJs(value);
            variables.Set(name, jsValue);
            _baselines[name] = Baseline.Of(jsValue, _values);
        }

        return variables;
    }

    private List<string> ReadOutcomes(JsValue value)
    {
        if (value.IsString())
        {
            return [value.ToString()];
        }

        if (value is not JsArray list)
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, "setOutcomes expects an array of outcome names");
        }

        var length = TypeConverter.ToLength(list.Get("length"));
        var outcomes = new List<string>();
        for (ulong i = 0; i < length; i++)
        {
            var item = list.Get(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!IsNullOrUndefinedValue(item))
            {
                outcomes.Add(TypeConverter.ToString(item));
            }
        }

        return outcomes;
    }

    private void Define(string name, int length, Func<JsValue[], JsValue> body) =>
        _engine.SetValue(name, new ClrFunction(_engine, name, (_, args) => body(args), length));

    private void TryDefine(string name, int length, Func<JsValue[], JsValue> body)
    {
        if (!_engine.Global.HasOwnProperty(name))
        {
            Define(name, length, body);
        }
    }

    private string RequireString(JsValue[] args, int index, string function)
    {
        var value = Arg(args, index);
        if (IsNullOrUndefinedValue(value))
        {
            throw new JavaScriptException(_engine.Intrinsics.TypeError, $"{function} expects a name, got {value}");
        }

        return TypeConverter.ToString(value);
    }

    private static bool IsNullOrUndefinedValue(JsValue value) => value.IsNull() || value.IsUndefined();

    private static JsValue Arg(JsValue[] args, int index) => index < args.Length ? args[index] : JsValue.Undefined;

    private static JsBoolean IsNullOr(JsValue value, Func<string, bool> test) =>
        IsNullOrUndefinedValue(value) || test(TypeConverter.ToString(value)) ? JsBoolean.True : JsBoolean.False;

    private static JsValue OptionalString(string? value) => value is null ? JsValue.Null : new JsString(value);

    private static string? ToOptionalString(JsValue value) => IsNullOrUndefinedValue(value) ? null : TypeConverter.ToString(value);

    private static string Capitalize(string name) =>
        char.IsUpper(name[0]) ? name : string.Concat(char.ToUpperInvariant(name[0]).ToString(), name.AsSpan(1));

    /// <summary>A value the script was given, and for objects the JSON it had, to tell later whether it was changed.</summary>
    private readonly record struct Baseline(JsValue Value, string? Json)
    {
        public static Baseline Of(JsValue value, JavaScriptValues values) =>
            new(value, value is ObjectInstance ? values.ToJsonText(value) : null);

        public bool Matches(JsValue current, JavaScriptValues values)
        {
            if (ReferenceEquals(current, Value))
            {
                // The same object may have been changed in place (variables.order.total = 5).
                return Json is null || string.Equals(values.ToJsonText(current), Json, StringComparison.Ordinal);
            }

            return current is not ObjectInstance && Value is not ObjectInstance && current.Equals(Value);
        }
    }
}
