using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Activities.Directory;

namespace Orchestrator.Activities.Incidents;

public static class IncidentsServiceCollectionExtensions
{
    /// <summary>The <c>stakeholders</c> target resolver (the incident's commander and stakeholders).</summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddDomainServices();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITargetResolver, StakeholderTargetResolver>());
        return services;
    }
}
