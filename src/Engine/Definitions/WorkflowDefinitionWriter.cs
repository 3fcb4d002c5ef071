using System.Text.Encodings.Web;
using System.Text.Json;

namespace Orchestrator.Engine.Definitions;

/// <summary>Writes a definition back as Elsa 3 JSON, exactly as it is held (nothing is dropped or reordered).</summary>
public static class WorkflowDefinitionWriter
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(WorkflowDefinition definition, bool indented = true) =>
        definition.Document.ToJsonString(indented ? Indented : Compact);
}
