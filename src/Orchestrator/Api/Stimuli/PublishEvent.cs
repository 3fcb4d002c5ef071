using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;
using Orchestrator.Stimuli;

namespace Orchestrator.Api.Stimuli;

/// <summary>Who the event is for (correlation id), what it carries, and a key that makes resending it harmless.</summary>
internal sealed record PublishEventRequest(string? CorrelationId, JsonNode? Payload, string? DedupeKey);

/// <summary>
/// <c>POST /api/events/{name}</c>: written to the inbox (a repeated dedupe key stops there), then delivered: it starts
/// the published workflows it triggers and resumes the instances waiting for it.
/// </summary>
internal static class PublishEvent
{
    public const int MaxKeyLength = 200;

    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/events/{name}", HandleAsync)
            .RequireAuthorization(AuthPolicies.SendEvents)
            .WithSummary("Sends a named event to triggers and waiting instances, once per dedupe key");

    public static async Task<Results<Accepted<StimulusAccepted>, ValidationProblem>> HandleAsync(string name, PublishEventRequest? request, StimulusProcessor processor)
    {
        if (name.Length > MaxKeyLength)
        {
            return ApiProblems.Invalid("name", $"the event name must be at most {MaxKeyLength} characters");
        }

        if (request?.DedupeKey is { } key && (key.Length > MaxKeyLength || string.IsNullOrWhiteSpace(key)))
        {
            return ApiProblems.Invalid("dedupeKey", $"dedupeKey must be 1 to {MaxKeyLength} characters, not only spaces");
        }

        var receipt = await processor.AcceptAsync(StimulusKind.Event, name, request?.CorrelationId, request?.Payload, request?.DedupeKey);
        return TypedResults.Accepted((string?)null, StimulusAccepted.From(receipt));
    }
}
