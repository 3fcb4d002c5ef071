using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Incidents;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Incidents;

/// <summary><c>GET /api/incidents?status=open|resolved|closed</c>: incidents, newest first.</summary>
internal static class ListIncidents
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesValidationProblem()
            .WithSummary("Incidents, newest first, optionally of one status");

    public static async Task<Results<Ok<JsonArray>, ValidationProblem>> HandleAsync(string? status, IDocumentStore documents, TimeProvider time, CancellationToken cancellationToken)
    {
        string[] statuses = [IncidentStatuses.Open, IncidentStatuses.Resolved, IncidentStatuses.Closed];
        if (status is not null && !statuses.Contains(status))
        {
            return ApiProblems.Invalid("status", $"'{status}' is not a status; expected {string.Join(", ", statuses)}");
        }

        var now = time.GetUtcNow();
        var items = (await documents.ListAsync(IncidentDocuments.Kind, cancellationToken))
            .Select(d => (Incident: IncidentDocuments.FromBody(d.Body), d.Revision))
            .Where(i => i.Incident is not null && (status is null || i.Incident.Status == status))
            .OrderByDescending(i => i.Incident!.DeclaredAt)
            .ThenBy(i => i.Incident!.Id, StringComparer.Ordinal)
            .Select(i => (JsonNode)IncidentView.Of(i.Incident!, i.Revision, now));
        return TypedResults.Ok(new JsonArray([.. items]));
    }
}
