using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid.Values;
using Orchestrator.Engine.Values;

namespace Orchestrator.Engine.Expressions.Liquid;

/// <summary>
/// Copies values of the engine's model (see <see cref="ValueModel"/>) into plain Fluid values: objects become
/// dictionaries, arrays lists, JSON primitives their CLR primitive, dates Fluid dates.
/// </summary>
/// <remarks>
/// Nothing a template receives wraps a CLR object, so Fluid never reflects over one: anything outside the model is
/// first written as JSON and read back as data.
/// </remarks>
internal static class LiquidValues
{
    /// <summary>Deeper values are refused; besides absurd documents this stops a list that contains itself.</summary>
    public const int MaxDepth = 256;

    // decimal holds about ±7.9e28; doubles beyond that keep their text rather than overflow.
    private const double LargestDecimal = 7.9e28;

    public static FluidValue From(object? value, TimeZoneInfo timeZone) => Convert(value, timeZone, 0);

    private static FluidValue Convert(object? value, TimeZoneInfo timeZone, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ExpressionException($"A value nested deeper than {MaxDepth} levels cannot be given to a Liquid template.");
        }

        return value switch
        {
            null => NilValue.Instance,
            string s => new StringValue(s),
            char c => new StringValue(c.ToString()),
            bool b => BooleanValue.Create(b),
            int i => NumberValue.Create(i),
            long l => NumberValue.Create(l),
            short s => NumberValue.Create(s),
            byte b => NumberValue.Create(b),
            sbyte b => NumberValue.Create(b),
            ushort s => NumberValue.Create(s),
            uint i => NumberValue.Create(i),
            ulong l => NumberValue.Create(l),
            decimal m => NumberValue.Create(m),
            double d => FromDouble(d),
            float f => FromDouble(f),
            DateTimeOffset dto => new DateTimeValue(dto),
            DateTime dt => new DateTimeValue(ToDateTimeOffset(dt, timeZone)),
            TimeSpan ts => new StringValue(ts.ToString("c", CultureInfo.InvariantCulture)),
            Guid g => new StringValue(g.ToString()),
            Enum e => new StringValue(e.ToString()),
            JsonObject o => FromPairs(o, timeZone, depth),
            JsonArray a => FromItems(a, timeZone, depth),

            // A JsonValue wraps either a CLR primitive or a JsonElement; both are handled above or below.
            JsonValue v => Convert(v.GetValue<object>(), timeZone, depth + 1),
            JsonElement e => FromElement(e, depth),
            IDictionary<string, object?> d => FromPairs(d, timeZone, depth),
            IReadOnlyDictionary<string, object?> d => FromPairs(d, timeZone, depth),
            IEnumerable items => FromItems(items, timeZone, depth),
            _ => FromForeign(value, depth),
        };
    }

    private static FluidValue FromDouble(double value) =>
        double.IsFinite(value) && Math.Abs(value) < LargestDecimal
            ? NumberValue.Create((decimal)value)
            : new StringValue(value.ToString("R", CultureInfo.InvariantCulture));

    // A DateTime without a kind is read as wall-clock time in the configured zone, like dates Fluid parses from text.
    private static DateTimeOffset ToDateTimeOffset(DateTime value, TimeZoneInfo timeZone) => value.Kind switch
    {
        DateTimeKind.Utc => new DateTimeOffset(value, TimeSpan.Zero),
        DateTimeKind.Local => new DateTimeOffset(value),
        _ => new DateTimeOffset(value, timeZone.GetUtcOffset(value)),
    };

    private static DictionaryValue FromPairs(IEnumerable<KeyValuePair<string, JsonNode?>> pairs, TimeZoneInfo timeZone, int depth)
    {
        var result = new Dictionary<string, FluidValue>(StringComparer.Ordinal);
        foreach (var (key, item) in pairs)
        {
            result[key] = Convert(item, timeZone, depth + 1);
        }

        return new DictionaryValue(new FluidValueDictionaryFluidIndexable(result));
    }

    private static DictionaryValue FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs, TimeZoneInfo timeZone, int depth)
    {
        var result = new Dictionary<string, FluidValue>(StringComparer.Ordinal);
        foreach (var (key, item) in pairs)
        {
            result[key] = Convert(item, timeZone, depth + 1);
        }

        return new DictionaryValue(new FluidValueDictionaryFluidIndexable(result));
    }

    private static ArrayValue FromItems(IEnumerable items, TimeZoneInfo timeZone, int depth)
    {
        var result = new List<FluidValue>();
        foreach (var item in items)
        {
            result.Add(Convert(item, timeZone, depth + 1));
        }

        return new ArrayValue(result);
    }

    private static FluidValue FromElement(JsonElement element, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ExpressionException($"A value nested deeper than {MaxDepth} levels cannot be given to a Liquid template.");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new Dictionary<string, FluidValue>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    properties[property.Name] = FromElement(property.Value, depth + 1);
                }

                return new DictionaryValue(new FluidValueDictionaryFluidIndexable(properties));
            case JsonValueKind.Array:
                var items = new List<FluidValue>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(FromElement(item, depth + 1));
                }

                return new ArrayValue(items);
            case JsonValueKind.String:
                return new StringValue(element.GetString() ?? string.Empty);
            case JsonValueKind.Number:
                // Numbers beyond decimal's range keep their JSON text rather than lose it.
                return element.TryGetDecimal(out var number) ? NumberValue.Create(number) : new StringValue(element.GetRawText());
            case JsonValueKind.True:
                return BooleanValue.True;
            case JsonValueKind.False:
                return BooleanValue.False;
            default:
                return NilValue.Instance;
        }
    }

    private static FluidValue FromForeign(object value, int depth)
    {
        string json;
        try
        {
            json = ValueModel.ToJsonString(value);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new ExpressionException(
                $"A value of type {value.GetType().Name} cannot be given to a Liquid template: {ex.Message}", ex);
        }

        using var document = JsonDocument.Parse(json);
        return FromElement(document.RootElement, depth);
    }
}
