using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Escalation;
using Orchestrator.Auth;

namespace Orchestrator.Api.Rotations;

internal sealed record OnCallView(string RotationId, DateTimeOffset At, IReadOnlyList<string> PersonIds, string? Source, DateTimeOffset? ShiftStart, DateTimeOffset? ShiftEnd);

/// <summary><c>GET /api/rotations/{id}/on-call?at=</c>: who is on call at an instant (now by default).</summary>
internal static class GetOnCall
{
    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id}/on-call", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Who is on call at an instant (ISO 8601 'at', default now): an override, else the last layer with someone on call");

    public static async Task<Results<Ok<OnCallView>, ValidationProblem, ProblemHttpResult>> HandleAsync(string id, string? at, RotationStore rotations, TimeProvider time, CancellationToken cancellationToken)
    {
        var instant = time.GetUtcNow();
        if (at is not null && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant))
        {
            return ApiProblems.Invalid("at", $"'{at}' is not an ISO 8601 instant (2026-11-02T09:00:00Z)");
        }

        if (await rotations.GetAsync(id, cancellationToken) is not { } stored)
        {
            return ApiProblems.NotFound($"rotation '{id}' does not exist");
        }

        var errors = RotationSchedule.Validate(stored.Rotation);
        if (errors.Count > 0)
        {
            return Escalations.ConfigDocuments<Rotation>.Invalid(errors);
        }

        var onCall = RotationSchedule.OnCallAt(stored.Rotation, instant);
        return TypedResults.Ok(new OnCallView(id, instant, onCall.PersonIds, onCall.Source, onCall.ShiftStart, onCall.ShiftEnd));
    }
}
