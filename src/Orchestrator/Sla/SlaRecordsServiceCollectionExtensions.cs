using Orchestrator.Persistence;

namespace Orchestrator.Sla;

internal static class SlaRecordsServiceCollectionExtensions
{
    /// <summary>SLA cycle records in <c>sla_cycles</c>, written by the committer with each burst. Call after <c>AddPersistence</c>.</summary>
    public static IServiceCollection AddSlaRecords(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Database)))
        {
            services.AddSingleton<IBurstWriter, SqlSlaCycleWriter>();
        }

        return services;
    }
}
