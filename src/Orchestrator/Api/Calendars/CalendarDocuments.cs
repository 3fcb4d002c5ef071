using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Api.Calendars;

/// <summary>What the calendar endpoints share: the id rule, validation of a body, and the view of a stored calendar.</summary>
internal static partial class CalendarDocuments
{
    /// <summary>Checks an id and a body; the errors name the fields (<c>weekly[2].close</c>).</summary>
    public static (JsonObject? Normalised, Dictionary<string, string[]> Errors) Validate(string? id, JsonObject body)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (id is null || !IdPattern().IsMatch(id))
        {
            errors["id"] = [$"id: '{id}' is not a calendar id (letters, digits, '.', '_' and '-', at most 100, starting with a letter or digit)"];
        }

        var calendar = CalendarJson.Read(body, errors);
        return (errors.Count == 0 && calendar is not null ? CalendarJson.Write(calendar) : null, errors);
    }

    public static JsonObject View(StoredDocument document)
    {
        var view = new JsonObject { ["id"] = document.Id, ["revision"] = document.Revision, ["updatedAt"] = document.UpdatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var (key, value) in document.Body)
        {
            view[key] = value?.DeepClone();
        }

        return view;
    }

    public static string Detail(Dictionary<string, string[]> errors) => string.Join("; ", errors.Values.SelectMany(e => e));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
