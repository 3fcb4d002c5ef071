using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Incidents;

/// <summary>
/// <c>stakeholders</c>: the commander of the incident in context and everyone its stakeholder targets name at the
/// moment (a role, a rotation, an address). Without an incident in context, or for an unknown one, it names nobody.
/// </summary>
internal sealed class StakeholderTargetResolver(IDocumentStore documents, IServiceProvider services) : ITargetResolver
{
    public TargetKind Kind => TargetKind.Stakeholders;

    public async ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default)
    {
        if (context.IncidentId is not { Length: > 0 } incidentId || await documents.GetIncidentAsync(incidentId, cancellationToken) is not { } stored)
        {
            return [];
        }

        // Resolved lazily: the recipient resolver is built from every target resolver, this one included.
        var recipients = services.GetRequiredService<IRecipientResolver>();
        var people = new List<Person>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var incident = stored.Incident;
        var nested = context with { IncidentId = null };
        foreach (var text in incident.Stakeholders.Prepend($"person:{incident.CommanderId}"))
        {
            // A stakeholder list naming "stakeholders" would resolve itself for ever.
            if (!NotificationTarget.TryParse(text, out var each, out _) || each.Kind == TargetKind.Stakeholders)
            {
                continue;
            }

            foreach (var person in await recipients.ResolveAsync(each, nested with { AccountId = nested.AccountId ?? SingleAccount(incident) }, cancellationToken))
            {
                if (seen.Add(person.Id))
                {
                    people.Add(person);
                }
            }
        }

        return people;
    }

    /// <summary>Role stakeholders (<c>role:csm</c>) are resolved on the affected account when there is exactly one.</summary>
    private static string? SingleAccount(DeclaredIncident incident) => incident.AccountIds.Count == 1 ? incident.AccountIds[0] : null;
}
