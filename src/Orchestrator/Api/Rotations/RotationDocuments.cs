using Orchestrator.Activities.Escalation;
using Orchestrator.Api.Escalations;

namespace Orchestrator.Api.Rotations;

/// <summary><c>/api/rotations</c>: list, get, create (POST), replace (PUT) and delete on-call rotations.</summary>
internal static class RotationDocuments
{
    public static ConfigDocuments<Rotation> Endpoints { get; } =
        new(Rotation.DocumentKind, "rotation", r => r.Id, (r, id) => r with { Id = id }, RotationSchedule.Validate);
}
