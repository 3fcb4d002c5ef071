using Orchestrator.Activities.Storage;
using Orchestrator.Api.Stimuli;
using Orchestrator.Stimuli;

namespace Orchestrator.Api.Incidents;

/// <summary>
/// <c>POST /api/incidents/{id}/updates</c> (a status update: text, statusPage), <c>POST /api/incidents/{id}/resolve</c>
/// and <c>POST /api/incidents/{id}/close</c>: each is recorded on the incident, then delivered to its run; 202.
/// </summary>
internal static class PostIncidentUpdate
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/{id}/updates", (string id, IncidentUpdateRequest request, HttpContext http, IDocumentStore documents, StimulusProcessor processor, TimeProvider time) =>
                IncidentStimulus.AcceptAsync(id, "update", request, http, documents, processor, time))
            .RequireIncidentCommander()
            .Produces<StimulusAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Posts a status update (text, statusPage) to the incident and its run");
        group.MapPost("/{id}/resolve", (string id, IncidentUpdateRequest? request, HttpContext http, IDocumentStore documents, StimulusProcessor processor, TimeProvider time) =>
                IncidentStimulus.AcceptAsync(id, "resolve", request, http, documents, processor, time))
            .RequireIncidentCommander()
            .Produces<StimulusAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Resolves the incident: its run moves on to recovery and the post-incident review");
        group.MapPost("/{id}/close", (string id, IncidentUpdateRequest? request, HttpContext http, IDocumentStore documents, StimulusProcessor processor, TimeProvider time) =>
                IncidentStimulus.AcceptAsync(id, "close", request, http, documents, processor, time))
            .RequireIncidentCommander()
            .Produces<StimulusAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Closes the incident");
    }

}
