using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Fluid;
using Fluid.Values;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Notifications;

/// <summary>A rendered message: subject (email only) and body.</summary>
public sealed record RenderedMessage(string? Subject, string Body, bool Html, string Locale);

/// <summary>A template is missing or does not parse or render; the message names it.</summary>
public sealed class TemplateException : Exception
{
    public TemplateException(string message)
        : base(message)
    {
    }

    public TemplateException()
    {
    }

    public TemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Finds a template for a channel and locale (stored documents first: the exact locale, its language, then English;
/// then the shipped English default) and renders it with Fluid under fixed step and recursion limits.
/// </summary>
internal sealed class MessageTemplates(IDocumentStore documents, TimeProvider time)
{
    private const int MaxSteps = 50_000;
    private const int MaxRecursion = 32;

    private static readonly FluidParser Parser = new();

    // Never changed after construction; no CLR member is registered, so templates see only the JSON model.
    private static readonly TemplateOptions Options = new()
    {
        MaxSteps = MaxSteps,
        MaxRecursion = MaxRecursion,
        CultureInfo = CultureInfo.InvariantCulture,
        MemberAccessStrategy = new DefaultMemberAccessStrategy(),
    };

    public async ValueTask<MessageTemplate> FindAsync(string name, string channel, string? locale, CancellationToken cancellationToken)
    {
        foreach (var candidate in LocaleChain(locale))
        {
            if (await documents.GetAsync(MessageTemplate.DocumentKind, MessageTemplate.DocumentId(name, channel, candidate), cancellationToken) is { } document
                && MessageTemplate.FromBody(document.Body, name, channel, candidate) is { } stored)
            {
                return stored;
            }
        }

        return ShippedTemplates.Find(name, channel)
            ?? throw new TemplateException($"no template '{name}' for channel '{channel}' (looked for template documents '{MessageTemplate.DocumentId(name, channel, locale ?? "en")}' and its fallbacks to English)");
    }

    public async ValueTask<RenderedMessage> RenderAsync(string name, string channel, string? locale, JsonObject model, JsonObject recipient, CancellationToken cancellationToken)
    {
        var template = await FindAsync(name, channel, locale, cancellationToken);
        var subject = template.Subject is null ? null : Render(template, "subject", template.Subject, model, recipient, NullEncoder.Default).Trim();
        var body = Render(template, "body", template.Body, model, recipient, template.Html ? HtmlEncoder.Default : NullEncoder.Default);
        return new RenderedMessage(subject, body, template.Html, template.Locale);
    }

    /// <summary>Checks that a template text parses; null when it does, otherwise the parser's message.</summary>
    public static string? Validate(string text) => Parser.TryParse(text, out _, out var error) ? null : error;

    private static IEnumerable<string> LocaleChain(string? locale)
    {
        var chain = new List<string>(3);
        if (!string.IsNullOrWhiteSpace(locale))
        {
            chain.Add(locale.Trim());
            var dash = locale.IndexOfAny(['-', '_']);
            if (dash > 0)
            {
                chain.Add(locale[..dash]);
            }
        }

        chain.Add("en");
        return chain.Distinct(StringComparer.OrdinalIgnoreCase);
    }

    private string Render(MessageTemplate template, string part, string text, JsonObject model, JsonObject recipient, TextEncoder encoder)
    {
        var where = $"template '{MessageTemplate.DocumentId(template.Name, template.Channel, template.Locale)}' {part}";
        if (!Parser.TryParse(text, out var parsed, out var error))
        {
            throw new TemplateException($"{where} does not parse: {error}");
        }

        var context = new TemplateContext(Options) { Now = time.GetUtcNow };
        foreach (var (key, value) in model)
        {
            context.SetValue(key, ToFluid(value));
        }

        context.SetValue("recipient", ToFluid(recipient));
        try
        {
            return parsed.Render(context, encoder);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new TemplateException($"{where} failed to render: {ex.Message}", ex);
        }
    }

    private static FluidValue ToFluid(JsonNode? node) => node switch
    {
        null => NilValue.Instance,
        JsonObject obj => new DictionaryValue(new FluidValueDictionaryFluidIndexable(obj.ToDictionary(p => p.Key, p => ToFluid(p.Value), StringComparer.OrdinalIgnoreCase))),
        JsonArray array => new ArrayValue([.. array.Select(ToFluid)]),
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => StringValue.Create(value.GetValue<string>()),
            // A value built in code (model["level"] = 2) holds an int, which GetValue<decimal> refuses: read its JSON text.
            System.Text.Json.JsonValueKind.Number => NumberValue.Create(value.TryGetValue<decimal>(out var number) ? number : decimal.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)),
            System.Text.Json.JsonValueKind.True => BooleanValue.True,
            System.Text.Json.JsonValueKind.False => BooleanValue.False,
            _ => NilValue.Instance,
        },
        _ => NilValue.Instance,
    };
}
