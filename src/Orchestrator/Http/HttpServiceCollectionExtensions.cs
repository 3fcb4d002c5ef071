using Orchestrator.Engine.Runtime;

namespace Orchestrator.Http;

/// <summary>Registers what the HTTP activities need: the response channel, the endpoint route index and the HTTP client.</summary>
internal static class HttpServiceCollectionExtensions
{
    public static IServiceCollection AddHttpActivities(this IServiceCollection services)
    {
        services.AddSingleton<HttpResponseChannel>();
        services.AddSingleton<HttpEndpointRoutes>();
        services.AddSingleton<IBurstObserver>(sp => sp.GetRequiredService<HttpEndpointRoutes>());
        services.AddHttpClient(SendHttpRequestBase.HttpClientName);
        return services;
    }
}
