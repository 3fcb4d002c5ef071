using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.Definitions;

internal static class DefinitionsServiceCollectionExtensions
{
    public static IServiceCollection AddDefinitionCatalog(this IServiceCollection services)
    {
        services.TryAddSingleton<DefinitionCatalog>();
        return services;
    }

    /// <summary>Imports the workflow folders at start (after the database is migrated).</summary>
    public static IServiceCollection AddWorkflowFolders(this IServiceCollection services)
    {
        services.AddSingleton<WorkflowFolderImport>();
        services.AddHostedService<WorkflowFolderImporter>();
        return services;
    }
}
