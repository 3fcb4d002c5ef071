using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;

namespace Orchestrator.Tasks;

internal static class TasksServiceCollectionExtensions
{
    /// <summary>
    /// The task list: in the database when persistence is configured (written by the committer with each burst),
    /// otherwise in memory (fed by a burst observer). Call after <c>AddPersistence</c>.
    /// </summary>
    public static IServiceCollection AddTaskInbox(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Database)))
        {
            services.TryAddSingleton<ITaskStore, SqlTaskStore>();
            services.AddSingleton<IBurstWriter, SqlTaskWriter>();
        }

        services.TryAddSingleton<ITaskStore, InMemoryTaskStore>();
        services.AddSingleton<IBurstObserver, InMemoryTaskFeed>();
        return services;
    }
}
