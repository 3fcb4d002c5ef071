using Orchestrator.Activities.Escalation;
using Orchestrator.Api.Stimuli;
using Orchestrator.Engine.Bookmarks;
using Orchestrator.Engine.Runtime;
using Orchestrator.Stimuli;

namespace Orchestrator.Api.Escalations;

/// <summary>
/// <c>POST /api/escalations/{key}/resolve</c>: ends an acknowledged escalation before its acknowledgement times out.
/// Unlike an acknowledgement it is never kept for later: a resolution that nothing waits for would otherwise end the
/// next escalation of the same key as soon as someone acknowledged it. So it is a 404 when no escalation of that key is
/// waiting (never started, already resolved or ended) and a 409 while the escalation is still unacknowledged.
/// </summary>
internal static class ResolveEscalation
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/escalations/{key}/resolve", HandleAsync)
            .RequireAuthorization(AuthPolicyForResponders)
            .WithTags("Escalations")
            .WithSummary("Resolves an acknowledged escalation (only needed when it has an acknowledgement timeout)");

    /// <summary>Any key gets in; <see cref="Responder"/> decides who may answer.</summary>
    public const string AuthPolicyForResponders = Orchestrator.Auth.AuthPolicies.Read;

    public static async Task<IResult> HandleAsync(string key, string? by, HttpContext http, StimulusProcessor processor, WorkflowRuntime runtime)
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

        if (!await IsWaitingAsync(runtime, EscalationStimuli.Resolve, key, http.RequestAborted))
        {
            return await IsWaitingAsync(runtime, EscalationStimuli.Acknowledge, key, http.RequestAborted)
                ? ApiProblems.Conflict($"escalation '{key}' is not acknowledged yet: acknowledge it (POST /api/escalations/{key}/acknowledge), which stops the paging; a resolution ends only an acknowledged escalation")
                : ApiProblems.NotFound($"no escalation with key '{key}' is waiting for a resolution: it was never started, or it has already been resolved or ended");
        }

        var receipt = await processor.AcceptAsync(StimulusKind.Bookmark, EscalationStimuli.Resolve, null, EscalationStimuli.Input(who), dedupeKey: null, bookmarkKey: key);
        return TypedResults.Accepted((string?)null, StimulusAccepted.From(receipt));
    }

    private static async Task<bool> IsWaitingAsync(WorkflowRuntime runtime, string stimulusName, string key, CancellationToken cancellationToken) =>
        (await runtime.Bookmarks.FindAsync(stimulusName, BookmarkHash.Compute(stimulusName, key), null, cancellationToken)).Count > 0;
}
