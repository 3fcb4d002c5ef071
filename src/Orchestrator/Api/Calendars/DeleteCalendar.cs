using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Calendars;

/// <summary><c>DELETE /api/calendars/{id}</c>. A shipped calendar deleted comes back, unedited, at the next start.</summary>
internal static class DeleteCalendar
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapDelete("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDefinitions)
            .WithSummary("Deletes a business calendar");

    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(string id, IDocumentStore documents, CancellationToken cancellationToken) =>
        await documents.DeleteAsync(CalendarStore.Kind, id, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"calendar '{id}' does not exist");
}
