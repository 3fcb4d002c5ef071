using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Calendars;

/// <summary><c>POST /api/calendars</c>: a new calendar, its id in the body; 409 when the id is taken.</summary>
internal static class CreateCalendar
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDefinitions)
            .WithSummary("Creates a business calendar");

    public static async Task<Results<Created<JsonObject>, ValidationProblem, ProblemHttpResult>> HandleAsync(JsonObject body, IDocumentStore documents, CancellationToken cancellationToken)
    {
        var id = body["id"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var (normalised, errors) = CalendarDocuments.Validate(id, body);
        if (normalised is null)
        {
            return TypedResults.ValidationProblem(errors, detail: CalendarDocuments.Detail(errors));
        }

        try
        {
            var stored = await documents.PutAsync(CalendarStore.Kind, id!, normalised, expectedRevision: 0, cancellationToken);
            return TypedResults.Created($"/api/calendars/{id}", CalendarDocuments.View(stored));
        }
        catch (DocumentConflictException)
        {
            return ApiProblems.Conflict($"calendar '{id}' already exists; PUT /api/calendars/{id} replaces it");
        }
    }
}
