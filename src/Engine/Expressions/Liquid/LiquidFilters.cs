using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Fluid.Values;

namespace Orchestrator.Engine.Expressions.Liquid;

/// <summary>The filters added to Fluid's built-in ones.</summary>
/// <remarks>
/// The set is deliberately small. Fluid's built-ins (<c>date</c>, <c>default</c>, <c>escape</c>, <c>where</c>,
/// <c>map</c>, ...) already cover what notification templates do; every filter added here is a name workflows come
/// to depend on and that must keep its meaning. Only <c>json</c> is ours, and it replaces Fluid's filter of that name.
/// </remarks>
internal static class LiquidFilters
{
    // Escaping only what JSON requires keeps dates ("+01:00") and non-ASCII text readable in notifications. The result
    // is an ordinary string value, so an HTML render still encodes it; only an explicit `raw` writes it unencoded.
    private static readonly JavaScriptEncoder JsonEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonWriterOptions Compact = new() { Encoder = JsonEncoder };

    private static readonly JsonWriterOptions Indented = new() { Encoder = JsonEncoder, Indented = true };

    public static void Register(TemplateOptions options) => options.Filters.AddFilter("json", Json);

    /// <summary>
    /// <c>{{ value | json }}</c>, or <c>{{ value | json: true }}</c> for indented output. Ours rather than Fluid's so
    /// that dates are written as the engine writes them (ISO 8601), and so that only data is ever serialized:
    /// Fluid's version would hand anything else to the JSON serializer, which reads CLR members.
    /// </summary>
    private static ValueTask<FluidValue> Json(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, arguments.At(0).ToBooleanValue() ? Indented : Compact))
        {
            Write(writer, input, context);
        }

        return new ValueTask<FluidValue>(new StringValue(Encoding.UTF8.GetString(buffer.WrittenSpan)));
    }

    private static void Write(Utf8JsonWriter writer, FluidValue value, TemplateContext context)
    {
        switch (value.Type)
        {
            case FluidValues.Boolean:
                writer.WriteBooleanValue(value.ToBooleanValue());
                break;
            case FluidValues.Number:
                writer.WriteNumberValue(value.ToNumberValue());
                break;
            case FluidValues.String:
                writer.WriteStringValue(value.ToStringValue());
                break;
            case FluidValues.DateTime when value.ToObjectValue() is DateTimeOffset date:
                writer.WriteStringValue(date.ToString("O", CultureInfo.InvariantCulture));
                break;
            case FluidValues.Array:
                writer.WriteStartArray();
                foreach (var item in value.Enumerate(context))
                {
                    Write(writer, item, context);
                }

                writer.WriteEndArray();
                break;
            case FluidValues.Dictionary when value.ToObjectValue() is IFluidIndexable dictionary:
                writer.WriteStartObject();
                foreach (var key in dictionary.Keys)
                {
                    if (dictionary.TryGetValue(key, out var item))
                    {
                        writer.WritePropertyName(key);
                        Write(writer, item, context);
                    }
                }

                writer.WriteEndObject();
                break;
            default:
                // nil, empty, blank; and loop objects or functions, which are not data.
                writer.WriteNullValue();
                break;
        }
    }
}
