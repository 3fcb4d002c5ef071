using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Escalation;

/// <summary>Resolves <c>rotation:&lt;id&gt;</c> to whoever is on call at the moment, read from <c>person</c> documents.</summary>
internal sealed class RotationTargetResolver(RotationStore rotations, IDocumentStore documents) : ITargetResolver
{
    public const string PersonKind = "person";

    public TargetKind Kind => TargetKind.Rotation;

    public async ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default)
    {
        if (await rotations.GetAsync(target.Id, cancellationToken) is not { } stored || RotationSchedule.Validate(stored.Rotation).Count > 0)
        {
            return [];
        }

        var people = new List<Person>();
        foreach (var personId in RotationSchedule.OnCallAt(stored.Rotation, context.At).PersonIds)
        {
            var document = await documents.GetAsync(PersonKind, personId, cancellationToken);
            if (document is not null && EscalationJson.TryRead<Person>(document.Body, out var person, out _))
            {
                people.Add(person!);
            }
        }

        return people;
    }
}
