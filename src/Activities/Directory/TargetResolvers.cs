using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Directory;

/// <summary><c>person:alice</c>: the person document with that id.</summary>
internal sealed class PersonTargetResolver(IDocumentStore documents) : ITargetResolver
{
    public TargetKind Kind => TargetKind.Person;

    public async ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default) =>
        await documents.GetAsync(target.Id, cancellationToken) is { } person ? [person] : [];
}

/// <summary><c>tier:L2</c>: everyone whose tier is that tier (case-insensitive).</summary>
internal sealed class TierTargetResolver(IDocumentStore documents) : ITargetResolver
{
    public TargetKind Kind => TargetKind.Tier;

    public async ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default) =>
        [.. (await documents.ListPeopleAsync(cancellationToken)).Where(p => string.Equals(p.Tier, target.Id, StringComparison.OrdinalIgnoreCase))];
}

/// <summary>
/// Who holds a role on an account (the account's CSM, its executive sponsor). Accounts keep their own assignments;
/// until a feature registers this, <c>role:</c> targets fall back to everyone with the role in the directory.
/// </summary>
public interface IAccountRoles
{
    /// <summary>The ids of the people holding <paramref name="role"/> on <paramref name="accountId"/>; null when the account is unknown.</summary>
    ValueTask<IReadOnlyList<string>?> FindHoldersAsync(string accountId, string role, CancellationToken cancellationToken = default);
}

/// <summary>
/// <c>role:csm</c>: with an account in context and an <see cref="IAccountRoles"/> registered, the people holding the role
/// on that account; otherwise everyone whose roles include it.
/// </summary>
internal sealed class RoleTargetResolver(IDocumentStore documents, IAccountRoles? accountRoles = null) : ITargetResolver
{
    public TargetKind Kind => TargetKind.Role;

    public async ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default)
    {
        if (context.AccountId is { } accountId && accountRoles is not null
            && await accountRoles.FindHoldersAsync(accountId, target.Id, cancellationToken) is { } holders)
        {
            var people = new List<Person>(holders.Count);
            foreach (var id in holders.Distinct(StringComparer.Ordinal))
            {
                if (await documents.GetAsync(id, cancellationToken) is { } person)
                {
                    people.Add(person);
                }
            }

            return people;
        }

        return [.. (await documents.ListPeopleAsync(cancellationToken)).Where(p => p.Roles.Contains(target.Id, StringComparer.OrdinalIgnoreCase))];
    }
}

/// <summary>
/// <c>email:ops@example.com</c> and <c>sms:+6591234567</c>: a stand-in person for the raw address, reachable on that
/// channel only, in English.
/// </summary>
internal sealed class AddressTargetResolver : ITargetResolver
{
    public TargetKind Kind => TargetKind.Address;

    public ValueTask<IReadOnlyList<Person>> ResolveAsync(NotificationTarget target, RecipientContext context, CancellationToken cancellationToken = default)
    {
        var colon = target.Id.IndexOf(':', StringComparison.Ordinal);
        var channel = colon < 0 ? string.Empty : target.Id[..colon];
        var address = colon < 0 ? string.Empty : target.Id[(colon + 1)..];
        Person? person = channel switch
        {
            "email" => new Person { Id = target.Id, Name = address, Email = address, Channels = ["email"], UrgentChannels = ["email"] },
            "sms" => new Person { Id = target.Id, Name = address, Phone = address, Channels = ["sms"], UrgentChannels = ["sms"] },
            _ => null,
        };
        return ValueTask.FromResult<IReadOnlyList<Person>>(person is null ? [] : [person]);
    }
}

public static class DirectoryServiceCollectionExtensions
{
    /// <summary>
    /// The people directory's target resolvers: <c>person:</c>, <c>tier:</c>, <c>role:</c>, <c>email:</c>/<c>sms:</c>.
    /// Rotations and stakeholders are resolved by their own features.
    /// </summary>
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddDomainServices();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITargetResolver, PersonTargetResolver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITargetResolver, TierTargetResolver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITargetResolver, AddressTargetResolver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITargetResolver, RoleTargetResolver>(sp =>
            new RoleTargetResolver(sp.GetRequiredService<IDocumentStore>(), sp.GetService<IAccountRoles>())));
        return services;
    }
}
