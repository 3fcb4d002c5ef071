using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Activities.Directory;

namespace Orchestrator.Activities.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>Accounts as the owners of roles: <c>role:csm</c> with an account in context names that account's CSM.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddDomainServices();
        services.TryAddSingleton<IAccountRoles, AccountRoles>();
        return services;
    }
}
