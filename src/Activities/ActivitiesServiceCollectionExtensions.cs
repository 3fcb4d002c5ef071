using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;
using Orchestrator.Engine.Expressions.JavaScript;

namespace Orchestrator.Activities;

public static class ActivitiesServiceCollectionExtensions
{
    /// <summary>
    /// The services every domain activity relies on, with in-memory defaults: a host that registered durable ones first
    /// (the database's document store) keeps them.
    /// </summary>
    public static IServiceCollection AddDomainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDocumentStore, InMemoryDocumentStore>();
        services.TryAddSingleton<IRecipientResolver, RecipientResolver>();

        // Playbooks schedule check-ins and reviews with these in any host that runs them, the run command included.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJavaScriptFunctions, SegmentCadenceFunctions>());
        return services;
    }
}
