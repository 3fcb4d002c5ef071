namespace Orchestrator.Designer;

/// <summary>
/// The designer's built files (src/Designer, built into wwwroot by the project file) at <c>/</c>. Plain static files
/// rather than MapStaticAssets: the files are written by the build after the static-asset manifest is made.
/// </summary>
internal static class DesignerApp
{
    /// <summary>
    /// Where the designer's files are: <c>wwwroot</c> under the directory the host starts in when there is one (the
    /// project folder, a deployment's own), else the copy beside the assembly that every build and publish carries, so
    /// <c>dotnet run --project src/Orchestrator</c> from the repository root serves it too. Null keeps the default.
    /// </summary>
    public static string? WebRoot(string currentDirectory, string baseDirectory)
    {
        if (Directory.Exists(Path.Combine(currentDirectory, "wwwroot")))
        {
            return null;
        }

        var besideAssembly = Path.Combine(baseDirectory, "wwwroot");
        return Directory.Exists(besideAssembly) ? besideAssembly : null;
    }

    /// <summary>Static files come before authentication: the page and its scripts are public, the data behind them is not.</summary>
    public static WebApplication UseDesignerFiles(this WebApplication app)
    {
        // "/" itself: the page fallback's catch-all does not match an empty path.
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                // Vite names bundles by content hash, so they never change; index.html must always be asked for again.
                context.Context.Response.Headers.CacheControl = context.File.Name == "index.html"
                    ? "no-cache"
                    : context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
        return app;
    }

    /// <summary>Any other page path gets index.html so the designer's own routes load on refresh; unknown API paths stay 404 problems.</summary>
    public static IEndpointRouteBuilder MapDesigner(this IEndpointRouteBuilder app)
    {
        app.MapFallbackToFile(PagePattern, "index.html").AllowAnonymous();
        return app;
    }

    /// <summary>Paths without a file extension outside the API, webhook and document surfaces.</summary>
    public const string PagePattern = "{*path:nonfile:regex(^(?!(api|workflows|webhooks|openapi|scalar|health)(/|$)).*$)}";
}
