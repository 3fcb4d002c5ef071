using System.Text.Json.Nodes;

namespace Orchestrator.Engine.Definitions;

/// <summary>
/// One version of a workflow definition in the Elsa 3 JSON format. The JSON document is the source of
/// truth, so export writes back exactly what was read (unknown keys, activity types and connection forms included);
/// the typed members are read from it.
/// </summary>
public sealed class WorkflowDefinition
{
    private WorkflowDefinition(JsonObject document, string? source)
    {
        Document = document;
        Source = source;
        Root = document["root"] as JsonObject;
        Variables = VariableDefinition.ReadList(document["variables"]);
        Inputs = InputDefinition.ReadList(document["inputs"]);
        Outputs = OutputDefinition.ReadList(document["outputs"]);
        Outcomes = ReadStrings(document["outcomes"]);
    }

    /// <summary>The whole definition as JSON. Treat as read-only; use the <c>With...</c> methods to change it.</summary>
    public JsonObject Document { get; }

    /// <summary>Where it was read from (a file path), for error messages.</summary>
    public string? Source { get; }

    public string DefinitionId => GetString("definitionId") ?? GetString("id") ?? DerivedId;

    /// <summary>The id of this version.</summary>
    public string Id => GetString("id") ?? $"{DefinitionId}:v{Version}";

    public string Name => GetString("name") ?? Root?["name"]?.GetValue<string>() ?? DefinitionId;

    public string? Description => GetString("description");

    public int Version => Document["version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 1;

    public bool IsPublished => GetBool("isPublished") ?? true;

    public bool IsLatest => GetBool("isLatest") ?? true;

    public bool UsableAsActivity =>
        GetBool("usableAsActivity") ?? JsonRead.GetBool(Document["options"] as JsonObject, "usableAsActivity") ?? false;

    /// <summary>The incident strategy from <c>options.incidentStrategyType</c>, a CLR type name.</summary>
    public string? IncidentStrategyType => (Document["options"] as JsonObject)?["incidentStrategyType"] is JsonValue s && s.TryGetValue<string>(out var t) ? t : null;

    public JsonObject? Root { get; }

    public IReadOnlyList<VariableDefinition> Variables { get; }

    public IReadOnlyList<InputDefinition> Inputs { get; }

    public IReadOnlyList<OutputDefinition> Outputs { get; }

    public IReadOnlyList<string> Outcomes { get; }

    /// <summary>The name a workflow used as an activity goes by: its name in PascalCase (<c>Atom activity</c> → <c>AtomActivity</c>).</summary>
    public string ActivityTypeName => ToPascalCase(Name);

    private string DerivedId => ToPascalCase(GetString("name") ?? "Workflow");

    public static WorkflowDefinition FromDocument(JsonObject document, string? source = null) => new(document, source);

    /// <summary>A copy with top-level fields replaced (version, flags, ids); everything else is kept as it was.</summary>
    public WorkflowDefinition With(Action<JsonObject> change)
    {
        var copy = (JsonObject)Document.DeepClone();
        change(copy);
        return new WorkflowDefinition(copy, Source);
    }

    public static string ToPascalCase(string name)
    {
        Span<char> buffer = stackalloc char[name.Length];
        var length = 0;
        var upperNext = true;
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upperNext = true;
                continue;
            }

            buffer[length++] = upperNext ? char.ToUpperInvariant(c) : c;
            upperNext = false;
        }

        return length == 0 ? "Workflow" : new string(buffer[..length]);
    }

    private string? GetString(string key) =>
        Document[key] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private bool? GetBool(string key) => Document[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static string[] ReadStrings(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()]
            : [];
}
