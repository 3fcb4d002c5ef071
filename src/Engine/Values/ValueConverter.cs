using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace Orchestrator.Engine.Values;

/// <summary>Converts values of the model to the CLR type an input, variable or output declares.</summary>
public static class ValueConverter
{
    private static readonly Dictionary<string, Type> TypeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Int16"] = typeof(short),
        ["Int32"] = typeof(int),
        ["Int64"] = typeof(long),
        ["Long"] = typeof(long),
        ["Single"] = typeof(float),
        ["Double"] = typeof(double),
        ["Decimal"] = typeof(decimal),
        ["Boolean"] = typeof(bool),
        ["String"] = typeof(string),
        ["Object"] = typeof(object),
        ["ByteArray"] = typeof(byte[]),
        ["Guid"] = typeof(Guid),
        ["DateTime"] = typeof(DateTime),
        ["DateTimeOffset"] = typeof(DateTimeOffset),
        ["TimeSpan"] = typeof(TimeSpan),
        ["JSON"] = typeof(JsonNode),
        ["JsonElement"] = typeof(JsonNode),
        ["JsonNode"] = typeof(JsonNode),
        ["JsonObject"] = typeof(JsonObject),
        ["JsonArray"] = typeof(JsonArray),
        ["Stream"] = typeof(object),
    };

    /// <summary>Maps an Elsa <c>typeName</c> to a CLR type; unknown (CLR-qualified) names map to <see cref="object"/>.</summary>
    public static Type ResolveTypeName(string? typeName)
    {
        if (string.IsNullOrWhiteSpace(typeName))
        {
            return typeof(object);
        }

        var name = typeName.Trim();
        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            var element = ResolveTypeName(name[..^2]);
            return element.MakeArrayType();
        }

        if (name.EndsWith('?'))
        {
            var inner = ResolveTypeName(name[..^1]);
            return inner.IsValueType ? typeof(Nullable<>).MakeGenericType(inner) : inner;
        }

        if (TypeNames.TryGetValue(name, out var type))
        {
            return type;
        }

        return name.Contains("Dictionary", StringComparison.Ordinal) ? typeof(JsonObject) : typeof(object);
    }

    /// <summary>True when the type name is one the engine knows (not an assembly-qualified CLR name).</summary>
    public static bool IsKnownTypeName(string typeName)
    {
        var name = typeName.TrimEnd('?');
        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            return IsKnownTypeName(name[..^2]);
        }

        return TypeNames.ContainsKey(name) || name.Contains("Dictionary", StringComparison.Ordinal);
    }

    public static T? Convert<T>(object? value)
    {
        if (value is T typed)
        {
            return typed;
        }

        return (T?)Convert(value, typeof(T));
    }

    /// <summary>Converts or throws <see cref="FormatException"/> with a message naming the value and the target type.</summary>
    public static object? Convert(object? value, Type target)
    {
        if (value is null)
        {
            return target.IsValueType && Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(target) : null;
        }

        if (target == typeof(object) || target.IsInstanceOfType(value))
        {
            return value is JsonValue jv && target == typeof(object) ? ValueModel.FromJsonNode(jv) : value;
        }

        var underlying = Nullable.GetUnderlyingType(target);
        if (underlying is not null)
        {
            return Convert(value, underlying);
        }

        if (value is JsonValue jsonValue && !typeof(JsonNode).IsAssignableFrom(target))
        {
            return Convert(ValueModel.FromJsonNode(jsonValue), target);
        }

        if (value is JsonElement element)
        {
            return Convert(JsonNode.Parse(element.GetRawText()), target);
        }

        try
        {
            return ConvertCore(value, target);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or JsonException or ArgumentException)
        {
            throw new FormatException($"cannot convert {Describe(value)} to {FriendlyName(target)}", ex);
        }
    }

    public static string FriendlyName(Type type)
    {
        if (type.IsArray)
        {
            return FriendlyName(type.GetElementType()!) + "[]";
        }

        var underlying = Nullable.GetUnderlyingType(type);
        return underlying is not null ? FriendlyName(underlying) + "?" : type.Name;
    }

    private static object? ConvertCore(object value, Type target)
    {
        if (target == typeof(string))
        {
            return ValueModel.ToText(value);
        }

        if (target.IsEnum)
        {
            var text = ValueModel.ToText(value) ?? string.Empty;
            return Enum.Parse(target, text, ignoreCase: true);
        }

        if (typeof(JsonNode).IsAssignableFrom(target))
        {
            var node = value is string s ? ParseJsonText(s) : ValueModel.ToJsonNode(value);
            if (node is null || target.IsInstanceOfType(node))
            {
                return node;
            }

            throw new InvalidCastException($"expected {target.Name} but the value is {node.GetValueKind()}");
        }

        if (target.IsArray)
        {
            return ConvertArray(value, target.GetElementType()!);
        }

        if (value is string str)
        {
            return ParseText(str, target);
        }

        if (target == typeof(bool))
        {
            return value switch
            {
                bool b => b,
                IConvertible c => c.ToDouble(CultureInfo.InvariantCulture) != 0,
                _ => throw new InvalidCastException(),
            };
        }

        if (target == typeof(TimeSpan) && value is IConvertible ms && IsNumber(value))
        {
            return TimeSpan.FromMilliseconds(ms.ToDouble(CultureInfo.InvariantCulture));
        }

        if (target == typeof(DateTimeOffset) && value is DateTime dt)
        {
            return new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt);
        }

        if (target == typeof(DateTime) && value is DateTimeOffset dto)
        {
            return dto.UtcDateTime;
        }

        if (value is IConvertible convertible && IsNumericType(target))
        {
            var d = convertible.ToDouble(CultureInfo.InvariantCulture);
            if ((target == typeof(int) || target == typeof(long) || target == typeof(short)) && Math.Floor(d) != d)
            {
                throw new FormatException("not a whole number");
            }

            return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }

        return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }

    private static Array ConvertArray(object value, Type elementType)
    {
        IEnumerable items = value switch
        {
            string s => ParseJsonText(s) as JsonArray ?? throw new FormatException("expected a JSON array"),
            JsonArray array => array,
            IEnumerable enumerable => enumerable,
            _ => throw new InvalidCastException("expected an array"),
        };

        var list = new List<object?>();
        foreach (var item in items)
        {
            list.Add(Convert(item is JsonNode n ? ValueModel.FromJsonNode(n) ?? (object?)n : item, elementType));
        }

        var result = Array.CreateInstance(elementType, list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            result.SetValue(list[i], i);
        }

        return result;
    }

    private static object? ParseText(string text, Type target)
    {
        var s = text.Trim();
        if (target == typeof(bool))
        {
            return bool.Parse(s);
        }

        if (target == typeof(int))
        {
            return int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        if (target == typeof(long))
        {
            return long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        if (target == typeof(short))
        {
            return short.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        if (target == typeof(double))
        {
            return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (target == typeof(float))
        {
            return float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (target == typeof(decimal))
        {
            return decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (target == typeof(Guid))
        {
            return Guid.Parse(s);
        }

        if (target == typeof(TimeSpan))
        {
            return ParseTimeSpan(s);
        }

        if (target == typeof(DateTimeOffset))
        {
            return DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        }

        if (target == typeof(DateTime))
        {
            return DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }

        if (target == typeof(byte[]))
        {
            return System.Convert.FromBase64String(s);
        }

        return System.Convert.ChangeType(s, target, CultureInfo.InvariantCulture);
    }

    /// <summary>Reads <c>hh:mm:ss</c>, <c>d.hh:mm:ss</c> or ISO 8601 durations (<c>PT5M</c>).</summary>
    public static TimeSpan ParseTimeSpan(string text)
    {
        var s = text.Trim();
        if (s.StartsWith('P') || s.StartsWith("-P", StringComparison.Ordinal))
        {
            return XmlConvert.ToTimeSpan(s);
        }

        return TimeSpan.Parse(s, CultureInfo.InvariantCulture);
    }

    private static JsonNode? ParseJsonText(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }
    }

    private static bool IsNumber(object value) => value is int or long or double or float or decimal or short or byte;

    private static bool IsNumericType(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(float) ||
        type == typeof(decimal) || type == typeof(short) || type == typeof(byte);

    private static string Describe(object value)
    {
        var text = ValueModel.ToText(value) ?? "null";
        if (text.Length > 60)
        {
            text = text[..57] + "...";
        }

        return $"'{text}'";
    }
}
