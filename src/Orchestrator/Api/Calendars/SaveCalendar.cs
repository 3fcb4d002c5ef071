using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Calendars;

/// <summary>
/// <c>PUT /api/calendars/{id}</c>: creates or replaces a calendar. With <c>"revision"</c> in the body the write only
/// succeeds when that is still the stored revision (409 otherwise), so two editors cannot overwrite each other.
/// </summary>
internal static class SaveCalendar
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPut("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDefinitions)
            .WithSummary("Creates or replaces a business calendar");

    public static async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> HandleAsync(string id, JsonObject body, IDocumentStore documents, CancellationToken cancellationToken)
    {
        var (normalised, errors) = CalendarDocuments.Validate(id, body);
        int? revision = null;
        if (body["revision"] is { } revisionNode)
        {
            if (revisionNode is JsonValue v && v.TryGetValue<int>(out var r) && r >= 0)
            {
                revision = r;
            }
            else
            {
                errors["revision"] = ["revision: must be a whole number (0 = the calendar must not exist yet)"];
            }
        }

        if (normalised is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: CalendarDocuments.Detail(errors));
        }

        try
        {
            return TypedResults.Ok(CalendarDocuments.View(await documents.PutAsync(CalendarStore.Kind, id, normalised, revision, cancellationToken)));
        }
        catch (DocumentConflictException conflict)
        {
            return ApiProblems.Conflict(conflict.Message);
        }
    }
}
