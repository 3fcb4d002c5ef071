using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Engine.Runtime;
using Orchestrator.Persistence;
using Quartz;

namespace Orchestrator.Scheduling;

internal static class SchedulingServiceCollectionExtensions
{
    /// <summary>How late an alarm may ring before Quartz treats it as missed and fires it at once instead.</summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Quartz as the alarm clock for timers and scheduled starts, keeping its schedule in the same database as the workflows
    /// (clustered on PostgreSQL), plus the reconciler that re-arms whatever the database says is pending. Call after <c>AddPersistence</c>.
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        var database = DatabaseOptions.From(configuration.GetConnectionString("Orchestrator"));

        // Quartz would find the container's clock by itself; naming it here makes the shared clock explicit, so a
        // FakeTimeProvider in tests drives the scheduler exactly as it drives the runtime.
        var clock = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService)?.ImplementationInstance as TimeProvider;
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = "Orchestrator");
            if (clock is not null)
            {
                quartz.UseTimeProvider(clock);
            }

            quartz.UsePersistentStore(store =>
            {
                if (database.Provider == DatabaseProvider.Postgres)
                {
                    store.UsePostgres(database.ConnectionString);
                    store.UseClustering();
                }
                else
                {
                    store.UseSqlite(database.ConnectionString);
                }

                store.ProvisionSchema();
                store.ConfigureStore(options => options.MisfireThreshold = MisfireThreshold);
            });

            // One firing at a time: an alarm that rings while another is being handled finds its work already done.
            quartz.AddJob<FireDueTimersJob>(job => job.WithIdentity(FireDueTimersJob.Key).StoreDurably().DisallowConcurrentExecution());
            quartz.AddJob<StartWorkflowJob>(job => job.WithIdentity(StartWorkflowJob.Key).StoreDurably());
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);

        services.TryAddSingleton<TimerAlarms>();
        services.AddSingleton<IBurstObserver>(sp => sp.GetRequiredService<TimerAlarms>());
        services.TryAddSingleton<WorkflowStartSchedule>();
        services.AddSingleton<Definitions.ITriggerIndexObserver>(sp => sp.GetRequiredService<WorkflowStartSchedule>());
        services.TryAddSingleton<SchedulingReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<SchedulingReconciler>());
        return services;
    }
}
