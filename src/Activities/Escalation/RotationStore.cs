using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Escalation;

/// <summary>Rotations as <c>rotation</c> documents.</summary>
public sealed class RotationStore(IDocumentStore documents)
{
    public async ValueTask<(Rotation Rotation, int Revision)?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var document = await documents.GetAsync(Rotation.DocumentKind, id, cancellationToken);
        return document is not null && EscalationJson.TryRead<Rotation>(document.Body, out var rotation, out _)
            ? (rotation! with { Id = document.Id }, document.Revision)
            : null;
    }

    public async ValueTask<IReadOnlyList<(Rotation Rotation, int Revision)>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<(Rotation, int)>();
        foreach (var document in await documents.ListAsync(Rotation.DocumentKind, cancellationToken))
        {
            if (EscalationJson.TryRead<Rotation>(document.Body, out var rotation, out _))
            {
                list.Add((rotation! with { Id = document.Id }, document.Revision));
            }
        }

        return list;
    }

    /// <summary>Writes a rotation already validated; <paramref name="expectedRevision"/> as in <see cref="IDocumentStore.PutAsync"/>.</summary>
    public async ValueTask<int> PutAsync(Rotation rotation, int? expectedRevision, CancellationToken cancellationToken = default) =>
        (await documents.PutAsync(Rotation.DocumentKind, rotation.Id, EscalationJson.ToObject(rotation), expectedRevision, cancellationToken)).Revision;

    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        documents.DeleteAsync(Rotation.DocumentKind, id, cancellationToken);
}

/// <summary>Escalation policies as <c>escalation-policy</c> documents.</summary>
public sealed class EscalationPolicyStore(IDocumentStore documents)
{
    public async ValueTask<(EscalationPolicy Policy, int Revision)?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var document = await documents.GetAsync(EscalationPolicy.DocumentKind, id, cancellationToken);
        return document is not null && EscalationJson.TryRead<EscalationPolicy>(document.Body, out var policy, out _)
            ? (policy! with { Id = document.Id }, document.Revision)
            : null;
    }

    public async ValueTask<IReadOnlyList<(EscalationPolicy Policy, int Revision)>> ListAsync(CancellationToken cancellationToken = default)
    {
        var list = new List<(EscalationPolicy, int)>();
        foreach (var document in await documents.ListAsync(EscalationPolicy.DocumentKind, cancellationToken))
        {
            if (EscalationJson.TryRead<EscalationPolicy>(document.Body, out var policy, out _))
            {
                list.Add((policy! with { Id = document.Id }, document.Revision));
            }
        }

        return list;
    }

    public async ValueTask<int> PutAsync(EscalationPolicy policy, int? expectedRevision, CancellationToken cancellationToken = default) =>
        (await documents.PutAsync(EscalationPolicy.DocumentKind, policy.Id, EscalationJson.ToObject(policy), expectedRevision, cancellationToken)).Revision;

    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        documents.DeleteAsync(EscalationPolicy.DocumentKind, id, cancellationToken);
}
