using System.Text.Json.Nodes;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Escalation;

/// <summary>
/// Remembers, per policy level, which target a round-robin level paged last, in an <c>escalation-round-robin</c>
/// document, so the turn survives restarts and is shared by every run of the policy.
/// </summary>
public sealed class RoundRobinCursor(IDocumentStore documents)
{
    public const string DocumentKind = "escalation-round-robin";

    /// <summary>Takes the next turn: the index after the one paged last (0 the first time), and records it.</summary>
    public async ValueTask<int> NextAsync(string policyKey, int level, IReadOnlyList<string> targets, CancellationToken cancellationToken = default)
    {
        var id = $"{policyKey}/level-{level + 1}";
        for (var attempt = 0; ; attempt++)
        {
            var current = await documents.GetAsync(DocumentKind, id, cancellationToken);
            var next = 0;
            if (current?.Body["last"]?.GetValue<string>() is { } last && IndexOf(targets, last) is var index and >= 0)
            {
                next = (index + 1) % targets.Count;
            }

            try
            {
                await documents.PutAsync(DocumentKind, id, new JsonObject { ["last"] = targets[next] }, current?.Revision ?? 0, cancellationToken);
                return next;
            }
            catch (DocumentConflictException) when (attempt < 10)
            {
                // Another run took a turn at the same moment: read its choice and take the one after.
            }
        }
    }

    /// <summary>The target paged last at a level, or null.</summary>
    public async ValueTask<string?> LastAsync(string policyKey, int level, CancellationToken cancellationToken = default) =>
        (await documents.GetAsync(DocumentKind, $"{policyKey}/level-{level + 1}", cancellationToken))?.Body["last"]?.GetValue<string>();

    private static int IndexOf(IReadOnlyList<string> targets, string target)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            if (string.Equals(targets[i], target, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
