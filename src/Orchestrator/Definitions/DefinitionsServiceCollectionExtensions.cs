using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Orchestrator.Definitions;

internal static class DefinitionsServiceCollectionExtensions
{
    public static IServiceCollection AddDefinitionCatalog(this IServiceCollection services)
    {
        services.TryAddSingleton<DefinitionCatalog>();
        return services;
    }
}
