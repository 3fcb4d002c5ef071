using Orchestrator.Auth;
using Scalar.AspNetCore;

namespace Orchestrator.Api;

internal static class RestApiExtensions
{
    /// <summary>Problem details for every error, line and column for malformed JSON bodies, and the OpenAPI document.</summary>
    public static IServiceCollection AddRestApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();

        // Binding failures are thrown instead of answered with an empty 400, so the handler can name the line and column.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(o => o.AddDocumentTransformer<ApiKeySecuritySchemeTransformer>());
        return services;
    }

    public static WebApplication UseRestApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseCookieWriteGuard();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and Scalar's browsable reference at <c>/scalar</c>, both anonymous.</summary>
    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o.WithTitle("Orchestrator API").AddPreferredSecuritySchemes("ApiKey")).AllowAnonymous();
        return app;
    }
}
