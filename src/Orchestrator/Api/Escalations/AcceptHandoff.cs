using Orchestrator.Activities.Escalation;
using Orchestrator.Activities.Handoffs;
using Orchestrator.Api.Stimuli;
using Orchestrator.Stimuli;

namespace Orchestrator.Api.Escalations;

/// <summary><c>POST /api/handoffs/{ticketId}/accept</c>: the receiving tier or region takes the ticket.</summary>
internal static class AcceptHandoff
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/handoffs/{ticketId}/accept", HandleAsync)
            .RequireAuthorization(ResolveEscalation.AuthPolicyForResponders)
            .WithTags("Escalations")
            .WithSummary("Accepts a tier or follow-the-sun handoff of a ticket");

    public static async Task<IResult> HandleAsync(string ticketId, string? by, HttpContext http, StimulusProcessor processor)
    {
        if (ticketId.Length > PublishEvent.MaxKeyLength)
        {
            return ApiProblems.Invalid("ticketId", $"the ticket id must be at most {PublishEvent.MaxKeyLength} characters");
        }

        var (who, problem) = Responder.Decide(http, await Responder.RequestedByAsync(http, by));
        if (problem is not null)
        {
            return problem;
        }

        var receipt = await processor.AcceptAsync(StimulusKind.Bookmark, HandoffStimuli.Accept, null, EscalationStimuli.Input(who), dedupeKey: null, bookmarkKey: ticketId);
        return TypedResults.Accepted((string?)null, StimulusAccepted.From(receipt));
    }
}
