using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Incidents;
using Orchestrator.Activities.Storage;
using Orchestrator.Api.Stimuli;
using Orchestrator.Stimuli;

namespace Orchestrator.Api.Incidents;

/// <summary>The body of a status update, a resolution or a closure.</summary>
internal sealed record IncidentUpdateRequest(string? Text, bool? StatusPage, string? By);

/// <summary>
/// What a status update, a resolution and a closure share: the entry is added to the incident's history (a
/// revision-checked write), then delivered to the run through the stimulus inbox keyed by the incident id, and 202.
/// </summary>
internal static class IncidentStimulus
{
    public static async Task<Results<Accepted<StimulusAccepted>, ValidationProblem, ProblemHttpResult>> AcceptAsync(
        string id,
        string type,
        IncidentUpdateRequest? request,
        HttpContext http,
        IDocumentStore documents,
        StimulusProcessor processor,
        TimeProvider time)
    {
        var text = request?.Text?.Trim();
        if (type == "update" && string.IsNullOrEmpty(text))
        {
            return ApiProblems.Invalid("text", "a status update needs its text");
        }

        if (text is { Length: > 4000 })
        {
            return ApiProblems.Invalid("text", "text must be at most 4000 characters");
        }

        var by = string.IsNullOrWhiteSpace(request?.By) ? http.User.FindFirst(ClaimTypes.Name)?.Value : request.By.Trim();
        for (var attempt = 0; ; attempt++)
        {
            if (await documents.GetIncidentAsync(id, http.RequestAborted) is not { } stored)
            {
                return ApiProblems.NotFound($"incident '{id}' does not exist");
            }

            var incident = stored.Incident;
            var refusal = (type, incident.Status) switch
            {
                (_, IncidentStatuses.Closed) => $"incident '{id}' is closed",
                ("resolve", IncidentStatuses.Resolved) => $"incident '{id}' is already resolved",
                _ => null,
            };
            if (refusal is not null)
            {
                return ApiProblems.Conflict(refusal);
            }

            var now = time.GetUtcNow();
            var entry = new IncidentUpdate { Type = type, Text = text ?? string.Empty, StatusPage = request?.StatusPage ?? false, By = by, At = now };
            var changed = incident with
            {
                Updates = [.. incident.Updates, entry],
                Status = type switch
                {
                    "resolve" => IncidentStatuses.Resolved,
                    "close" => IncidentStatuses.Closed,
                    _ => incident.Status,
                },
                ResolvedAt = type == "resolve" ? now : incident.ResolvedAt,
                ClosedAt = type == "close" ? now : incident.ClosedAt,
            };
            try
            {
                await documents.PutAsync(IncidentDocuments.Kind, id, IncidentDocuments.ToBody(changed), stored.Revision, http.RequestAborted);
            }
            catch (DocumentConflictException) when (attempt < 3)
            {
                // Someone else wrote the incident in between: read it again and add the entry to theirs.
                continue;
            }

            var name = type switch
            {
                "resolve" => IncidentStimuli.Resolve,
                "close" => IncidentStimuli.Close,
                _ => IncidentStimuli.Update,
            };
            var receipt = await processor.AcceptAsync(StimulusKind.Bookmark, name, id, IncidentStimuli.Input(entry), dedupeKey: null, bookmarkKey: id);
            return TypedResults.Accepted($"/api/incidents/{Uri.EscapeDataString(id)}", StimulusAccepted.From(receipt));
        }
    }
}
