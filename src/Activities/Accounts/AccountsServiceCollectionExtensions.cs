using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Activities.Directory;

namespace Orchestrator.Activities.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Accounts as the owners of roles (<c>role:csm</c> with an account in context names that account's CSM) and of
    /// contacts (<c>contacts:acme?topic=incidents</c>).
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddDomainServices();
        services.TryAddSingleton<IAccountRoles, AccountRoles>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITargetResolver, ContactTargetResolver>());
        return services;
    }
}
