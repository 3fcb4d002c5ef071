using System.Text.Json.Nodes;

namespace Orchestrator.Activities.Notifications;

/// <summary>
/// A message template for one channel and locale: Liquid subject and body. Stored as a <c>template</c> document with id
/// <c>{name}.{channel}.{locale}</c>; the product ships English defaults for its own messages.
/// </summary>
public sealed record MessageTemplate(string Name, string Channel, string Locale, string? Subject, string Body, bool Html = false)
{
    public const string DocumentKind = "template";

    public static string DocumentId(string name, string channel, string locale) => $"{name}.{channel}.{locale}";

    public JsonObject ToBody() => new()
    {
        ["name"] = Name,
        ["channel"] = Channel,
        ["locale"] = Locale,
        ["subject"] = Subject,
        ["body"] = Body,
        ["html"] = Html,
    };

    /// <summary>Reads a stored template; a document without a body is not a template.</summary>
    public static MessageTemplate? FromBody(JsonObject body, string name, string channel, string locale)
    {
        if (body["body"] is not JsonValue text || !text.TryGetValue<string>(out var bodyText))
        {
            return null;
        }

        var subject = body["subject"] is JsonValue s && s.TryGetValue<string>(out var subjectText) ? subjectText : null;
        var html = body["html"] is JsonValue h && h.TryGetValue<bool>(out var isHtml) && isHtml;
        return new MessageTemplate(name, channel, locale, subject, bodyText, html);
    }
}
