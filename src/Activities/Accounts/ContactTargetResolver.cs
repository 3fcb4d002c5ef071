using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Accounts;

/// <summary>
/// <c>contacts</c>, <c>contacts:acme</c>, <c>contacts:acme?role=technical&amp;topic=incidents</c>: the contacts of an
/// account (the one named, else the one in context), read from the account at the moment of sending. A <c>topic</c>
/// keeps the contacts who want it (a contact with no topics wants everything); a <c>role</c> keeps the contacts with
/// that role. Each contact is reached on their own channels in their order (email when none), in their locale, else the
/// account's; a contact that is a person brings the person's addresses.
/// </summary>
internal sealed class ContactTargetResolver(IDocumentStore documents) : ITargetResolver
{
    public TargetKind Kind => TargetKind.Contacts;

    public async ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default)
    {
        var filter = ContactFilter.Parse(target.Id);
        var accountId = filter.AccountId ?? context.AccountId;
        if (accountId is null || await documents.GetAccountAsync(accountId, cancellationToken) is not { } account)
        {
            return [];
        }

        var people = new List<Person>();
        for (var i = 0; i < account.Contacts.Count; i++)
        {
            var contact = account.Contacts[i];
            if (filter.Role is { } role && !string.Equals(contact.Role, role, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (filter.Topic is { } topic && contact.Topics.Count > 0 && !contact.Topics.Contains(topic, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var person = contact.PersonId is { } personId ? await documents.GetAsync(personId, cancellationToken) : null;
            if (contact.PersonId is not null && person is null)
            {
                continue;
            }

            // Customers are told, never paged: their urgent channels are the channels they chose.
            var channels = contact.Channels.Count > 0 ? contact.Channels : person?.Channels is { Count: > 0 } own ? own : [NotificationChannels.Email];
            people.Add(new Person
            {
                Id = person?.Id ?? $"contact:{account.Id}:{contact.Email ?? contact.Phone ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                Name = contact.Name ?? person?.Name ?? contact.Email ?? contact.Phone ?? "contact",
                Email = contact.Email ?? person?.Email,
                Phone = contact.Phone ?? person?.Phone,
                Locale = contact.Locale ?? person?.Locale ?? account.Locale,
                Roles = contact.Role is null ? [] : [contact.Role],
                Channels = channels,
                UrgentChannels = channels,
            });
        }

        return people;
    }
}
