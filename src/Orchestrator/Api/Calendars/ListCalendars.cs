using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Calendars;

/// <summary><c>GET /api/calendars</c>: every business calendar, shipped and custom.</summary>
internal static class ListCalendars
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Lists the business calendars");

    public static async Task<Ok<List<JsonObject>>> HandleAsync(IDocumentStore documents, CancellationToken cancellationToken) =>
        TypedResults.Ok((await documents.ListAsync(CalendarStore.Kind, cancellationToken)).Select(CalendarDocuments.View).ToList());
}
