using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Engine.Definitions;

/// <summary>Reads Elsa 3 definition JSON (with or without a UTF-8 BOM, comments or trailing commas).</summary>
public static class WorkflowDefinitionReader
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    public static WorkflowDefinition ReadFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DefinitionException($"{path}: cannot read the file: {ex.Message}", ex);
        }

        return Read(bytes, path);
    }

    public static WorkflowDefinition Read(string json, string? source = null) => Read(Encoding.UTF8.GetBytes(json), source);

    public static WorkflowDefinition Read(ReadOnlySpan<byte> utf8, string? source = null)
    {
        var where = source ?? "definition";
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, NodeOptions, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is { } l ? $" at line {l + 1}, column {(ex.BytePositionInLine ?? 0) + 1}" : string.Empty;
            throw new DefinitionException($"{where}: malformed JSON{line}: {FirstSentence(ex.Message)}", ex);
        }

        if (node is not JsonObject document)
        {
            throw new DefinitionException($"{where}: a workflow definition must be a JSON object") { NotADefinition = true };
        }

        if (document["root"] is not JsonObject root)
        {
            throw new DefinitionException($"{where}: the definition has no 'root' activity object");
        }

        if (JsonRead.GetString(root, "type") is null)
        {
            throw new DefinitionException($"{where}: the root activity has no 'type'");
        }

        return WorkflowDefinition.FromDocument(document, source);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
