using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.Activities.Sla;

public static class SlaServiceCollectionExtensions
{
    /// <summary>Business calendars from the document store and <see cref="IBusinessTime"/> over them.</summary>
    public static IServiceCollection AddSla(this IServiceCollection services)
    {
        services.AddDomainServices();
        services.TryAddSingleton<CalendarStore>();
        services.TryAddSingleton<IBusinessTime, StoredBusinessTime>();
        return services;
    }
}
