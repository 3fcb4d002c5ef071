using Orchestrator.Activities.Escalation;
using Orchestrator.Api.Stimuli;
using Orchestrator.Stimuli;

namespace Orchestrator.Api.Escalations;

/// <summary><c>POST /api/escalations/{key}/resolve</c>: ends an acknowledged escalation before its acknowledgement times out.</summary>
internal static class ResolveEscalation
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/escalations/{key}/resolve", HandleAsync)
            .RequireAuthorization(AuthPolicyForResponders)
            .WithTags("Escalations")
            .WithSummary("Resolves an acknowledged escalation (only needed when it has an acknowledgement timeout)");

    /// <summary>Any key gets in; <see cref="Responder"/> decides who may answer.</summary>
    public const string AuthPolicyForResponders = Orchestrator.Auth.AuthPolicies.Read;

    public static async Task<IResult> HandleAsync(string key, string? by, HttpContext http, StimulusProcessor processor)
    {
        if (key.Length > PublishEvent.MaxKeyLength)
        {
            return ApiProblems.Invalid("key", $"the escalation key must be at most {PublishEvent.MaxKeyLength} characters");
        }

        var (who, problem) = Responder.Decide(http, await Responder.RequestedByAsync(http, by));
        if (problem is not null)
        {
            return problem;
        }

        var receipt = await processor.AcceptAsync(StimulusKind.Bookmark, EscalationStimuli.Resolve, null, EscalationStimuli.Input(who), dedupeKey: null, bookmarkKey: key);
        return TypedResults.Accepted((string?)null, StimulusAccepted.From(receipt));
    }
}
