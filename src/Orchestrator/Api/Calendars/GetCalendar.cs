using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Calendars;

/// <summary><c>GET /api/calendars/{id}</c>: one calendar with its revision.</summary>
internal static class GetCalendar
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Gets a business calendar");

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> HandleAsync(string id, IDocumentStore documents, CancellationToken cancellationToken) =>
        await documents.GetAsync(CalendarStore.Kind, id, cancellationToken) is { } document
            ? TypedResults.Ok(CalendarDocuments.View(document))
            : ApiProblems.NotFound($"calendar '{id}' does not exist");
}
