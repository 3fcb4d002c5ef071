using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Persistence;

internal static class PersistenceServiceCollectionExtensions
{
    /// <summary>Replaces the engine's in-memory stores with the database named by <c>ConnectionStrings:Orchestrator</c>.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">Where the connection string is read.</param>
    /// <param name="migrateEarly">
    /// Start migrating now, on the thread pool, while the rest of the host is still being built; start-up waits for it
    /// before anything reads or writes. Otherwise the migration runs when the host starts.
    /// </param>
    public static IServiceCollection AddPersistence(this IServiceCollection services, IConfiguration configuration, bool migrateEarly = false)
    {
        var options = DatabaseOptions.From(configuration.GetConnectionString("Orchestrator"));
        services.AddSingleton(options);
        var database = new Database(options);
        services.AddSingleton(_ => database); // made by a factory, so the container disposes it
        if (migrateEarly)
        {
            _ = database.MigrateOnceAsync();
        }

        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.Replace(ServiceDescriptor.Singleton<IInstanceLock, PostgresInstanceLock>());
        }

        services.AddSingleton<SqlWorkflowCommitter>();
        services.Replace(ServiceDescriptor.Singleton<IWorkflowCommitter>(sp => sp.GetRequiredService<SqlWorkflowCommitter>()));
        services.AddSingleton<SqlDefinitionStore>();
        services.Replace(ServiceDescriptor.Singleton<IWorkflowDefinitionStore>(sp => sp.GetRequiredService<SqlDefinitionStore>()));
        services.Replace(ServiceDescriptor.Singleton<IWorkflowInstanceStore, SqlInstanceStore>());
        services.Replace(ServiceDescriptor.Singleton<IBookmarkStore, SqlBookmarkStore>());
        services.Replace(ServiceDescriptor.Singleton<ITriggerStore, SqlTriggerStore>());

        // Registered before the API's in-memory defaults (TryAdd), so these win.
        services.AddSingleton<Journal.IJournalStore, SqlJournalStore>();
        services.AddSingleton<Stimuli.IStimulusInbox, SqlStimulusInbox>();
        services.AddSingleton<Auth.IApiKeyStore, SqlApiKeyStore>();
        services.AddSingleton<Activities.Storage.IDocumentStore, SqlDocumentStore>();
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }
}

/// <summary>Migrates the database at start, before the server takes requests, and loads the definitions.</summary>
internal sealed partial class DatabaseInitializer(Database database, SqlDefinitionStore definitions, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.MigrateOnceAsync().WaitAsync(cancellationToken);
        await definitions.LoadAsync(cancellationToken);
        LogReady(logger, database.Options.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider})")]
    private static partial void LogReady(ILogger logger, DatabaseProvider provider);

    public static async Task MigrateAsync(Database database, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        if (!database.IsPostgres)
        {
            await context.Database.ExecuteSqlRawAsync(SqlitePragmas.FileStatements, cancellationToken);
        }

        await context.Database.MigrateAsync(cancellationToken);
    }
}
