using Orchestrator.Engine.Definitions;

namespace Orchestrator.Api.Definitions;

/// <summary>Reads a request body that is an Elsa 3 definition, as it is, so unknown keys survive and errors name the line.</summary>
internal static class ElsaJsonBody
{
    public static async Task<WorkflowDefinition> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return WorkflowDefinitionReader.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "request body");
    }
}
