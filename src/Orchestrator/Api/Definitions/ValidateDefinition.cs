using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Api.Definitions;

internal sealed record ValidationReport(bool Valid, IReadOnlyList<ProblemView> Problems);

/// <summary>
/// <c>POST /api/workflow-definitions/validate</c> with an Elsa 3 definition as the body: what is wrong with it,
/// without storing it. Workflows used as activities resolve against the stored definitions.
/// </summary>
internal static class ValidateDefinition
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/validate", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .Accepts<JsonObject>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Lists the problems in an Elsa 3 definition without saving it");

    public static async Task<Ok<ValidationReport>> HandleAsync(HttpRequest request, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var definition = await ElsaJsonBody.ReadAsync(request, cancellationToken);
        var problems = runtime.Compile(definition).Problems;
        return TypedResults.Ok(new ValidationReport(!problems.Any(p => p.Severity == ProblemSeverity.Error), [.. problems.Select(ProblemView.From)]));
    }
}
