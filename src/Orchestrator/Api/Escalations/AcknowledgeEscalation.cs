using Orchestrator.Activities.Escalation;
using Orchestrator.Api.Stimuli;
using Orchestrator.Stimuli;

namespace Orchestrator.Api.Escalations;

/// <summary>
/// <c>GET|POST /api/escalations/{key}/acknowledge</c>: acknowledges an escalation. With <c>by</c>, <c>exp</c> and <c>sig</c>
/// it is a signed link from a page and needs no key (the signature and expiry are checked); otherwise it is an API call
/// by a responder (see <see cref="Responder"/>). The acknowledgement goes through the stimulus inbox: stored, then 202.
/// </summary>
internal static class AcknowledgeEscalation
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapMethods("/api/escalations/{key}/acknowledge", [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .AllowAnonymous()
            .WithTags("Escalations")
            .WithSummary("Acknowledges an escalation: by a responder's API call, or through the signed link in a page");

    public static async Task<IResult> HandleAsync(string key, string? by, string? exp, string? sig, HttpContext http, AcknowledgeLinks links, StimulusProcessor processor)
    {
        if (key.Length > PublishEvent.MaxKeyLength)
        {
            return ApiProblems.Invalid("key", $"the escalation key must be at most {PublishEvent.MaxKeyLength} characters");
        }

        string who;
        if (exp is not null || sig is not null)
        {
            if (string.IsNullOrWhiteSpace(by) || string.IsNullOrWhiteSpace(exp) || string.IsNullOrWhiteSpace(sig))
            {
                return ApiProblems.Invalid(string.IsNullOrWhiteSpace(by) ? "by" : string.IsNullOrWhiteSpace(exp) ? "exp" : "sig", "a signed link needs by, exp and sig");
            }

            switch (await links.VerifyAsync(key, by, exp, sig, http.RequestAborted))
            {
                case LinkCheck.BadSignature:
                    return Responder.Forbidden("the link's signature does not match; use the link exactly as it was sent");
                case LinkCheck.Expired:
                    return TypedResults.Problem("the link has expired; acknowledge through the API or a newer page", statusCode: StatusCodes.Status410Gone, title: "Link expired");
            }

            who = by;
        }
        else if (HttpMethods.IsGet(http.Request.Method))
        {
            return ApiProblems.Invalid("sig", "GET acknowledges only through a signed link (by, exp, sig); API callers POST");
        }
        else
        {
            var (decided, problem) = Responder.Decide(http, await Responder.RequestedByAsync(http, by));
            if (problem is not null)
            {
                return problem;
            }

            who = decided!;
        }

        var receipt = await processor.AcceptAsync(StimulusKind.Bookmark, EscalationStimuli.Acknowledge, null, EscalationStimuli.Input(who), dedupeKey: null, bookmarkKey: key);
        return TypedResults.Accepted((string?)null, StimulusAccepted.From(receipt));
    }
}
