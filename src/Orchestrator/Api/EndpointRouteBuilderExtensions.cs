using Orchestrator.Api;

namespace Orchestrator;

internal static class EndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new { status = "Healthy" }));
        return app;
    }

    public static IEndpointRouteBuilder MapActivityDescriptors(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/activity-descriptors", ActivityDescriptorsEndpoint.List);
        return app;
    }
}
