using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;
using Orchestrator.Engine.Values;
using JsonDocumentOptions = System.Text.Json.JsonDocumentOptions;
using JsonException = System.Text.Json.JsonException;

namespace Orchestrator.Engine.Expressions.JavaScript;

/// <summary>
/// Moves values between the engine's value model and one Jint engine. Only JSON text and JavaScript primitives
/// cross: a script never receives a live CLR object, so it cannot reach the host through one, and whatever it
/// does to a value it was given cannot change the workflow behind the engine's back.
/// </summary>
internal sealed class JavaScriptValues
{
    // Deep enough for any document a workflow should carry, shallow enough that reading a hostile one stays cheap.
    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 256 };

    // Bounds of DateTimeOffset in Unix milliseconds; JavaScript dates reach much further.
    private const double MinDateMilliseconds = -62_135_596_800_000;
    private const double MaxDateMilliseconds = 253_402_300_799_999;

    private readonly Jint.Engine _engine;
    private readonly JsonParser _parser;
    private readonly JsonSerializer _serializer;

    public JavaScriptValues(Jint.Engine engine)
    {
        _engine = engine;
        _parser = new JsonParser(engine);
        _serializer = new JsonSerializer(engine);
    }

    /// <summary>A fresh JavaScript value holding a copy of <paramref name="value"/>.</summary>
    public JsValue ToJs(object? value) => value switch
    {
        null => JsValue.Null,
        string s => new JsString(s),
        bool b => b ? JsBoolean.True : JsBoolean.False,
        int i => JsNumber.Create(i),
        long l => JsNumber.Create(l),
        double d => JsNumber.Create(d),
        float f => JsNumber.Create((double)f),
        decimal m => JsNumber.Create(m),
        short s => JsNumber.Create(s),
        byte b => JsNumber.Create(b),
        sbyte b => JsNumber.Create(b),
        ushort s => JsNumber.Create(s),
        uint u => JsNumber.Create(u),
        ulong u => JsNumber.Create((double)u),

        // A date stays a Date, so a script can compute with it and hand it back as one.
        DateTimeOffset dto => new JsDate(_engine, dto.ToUnixTimeMilliseconds()),
        DateTime dt => new JsDate(_engine, AsUtc(dt).ToUnixTimeMilliseconds()),
        _ => _parser.Parse(ValueModel.ToJsonString(value)),
    };

    /// <summary>The value-model form of a script's value; objects and arrays become detached JSON nodes.</summary>
    public object? ToModel(JsValue value)
    {
        switch (value)
        {
            case JsUndefined or JsNull:
                return null;
            case JsBoolean:
                return value.AsBoolean();
            case JsNumber:
                return FromNumber(value.AsNumber());
            case JsString:
                return value.ToString();
            case JsBigInt bigInt:
                var integer = TypeConverter.ToBigInt(bigInt);
                if (integer >= long.MinValue && integer <= long.MaxValue)
                {
                    return (long)integer;
                }

                return (double)integer;
            case JsDate date:
                return FromDate(date.DateValue);
            case ObjectInstance:
                return ValueModel.FromJsonNode(ToJsonNode(value));
            default:
                // Symbols have no JSON form; like JSON.stringify, drop them rather than fail.
                return null;
        }
    }

    /// <summary>JSON text of a value as <c>JSON.stringify</c> writes it; null when it has none (functions, undefined).</summary>
    public string? ToJsonText(JsValue value)
    {
        var json = _serializer.Serialize(value);
        return json.IsString() ? json.ToString() : null;
    }

    /// <summary><c>JSON.stringify(value, replacer, space)</c>, for the <c>toJson</c> helper.</summary>
    public JsValue Stringify(JsValue value, JsValue replacer, JsValue space) =>
        _serializer.Serialize(value, replacer, space);

    public JsValue ParseJson(string json) => _parser.Parse(json);

    private JsonNode? ToJsonNode(JsValue value)
    {
        var json = ToJsonText(value);
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json, documentOptions: ReadOptions);
        }
        catch (JsonException e)
        {
            throw new ExpressionException($"JavaScript produced a value the workflow cannot hold: {e.Message}", e);
        }
    }

    private static object FromNumber(double number) => number switch
    {
        // Each arm is boxed on its own; left to itself the switch would widen every arm to double.
        _ when !double.IsInteger(number) => (object)number,
        >= int.MinValue and <= int.MaxValue => (object)(int)number,

        // long.MaxValue is not a double; 2^63 is the first integral double that no longer fits.
        >= long.MinValue and < 9_223_372_036_854_775_808d => (object)(long)number,
        _ => (object)number,
    };

    private static DateTimeOffset? FromDate(double milliseconds)
    {
        // An invalid Date serializes to null in JSON; reading it the same way keeps the two paths consistent.
        if (double.IsNaN(milliseconds))
        {
            return null;
        }

        if (milliseconds is < MinDateMilliseconds or > MaxDateMilliseconds)
        {
            throw new ExpressionException("JavaScript produced a Date outside the years 1 to 9999, which the workflow cannot hold");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)milliseconds);
    }

    private static DateTimeOffset AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),

        // The value model has no zone for an unspecified DateTime; UTC is the only reading that does not
        // depend on the server's zone.
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
