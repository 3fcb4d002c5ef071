using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Orchestrator.Auth;

/// <summary>
/// The designer's sign-in cookie. It carries the same role claims as an API key, so every policy works for both;
/// roles are re-read from the user document on each request, so a changed or deleted user takes effect at once.
/// </summary>
internal static class CookieAuth
{
    public const string SchemeName = "Cookie";
    public const string CookieName = "orchestrator.session";

    /// <summary>
    /// Writes with the cookie must send this header. A cross-site form cannot set a header and a cross-site script
    /// needs a CORS preflight the host never grants, so together with SameSite=Strict this stops request forgery.
    /// </summary>
    public const string CsrfHeader = "X-Orchestrator-Request";

    public static ClaimsPrincipal Principal(UserAccount user)
    {
        Claim[] identity = [new(ClaimTypes.NameIdentifier, "user:" + UserAccount.IdFor(user.Name)), new(ClaimTypes.Name, user.Name)];
        return new ClaimsPrincipal(new ClaimsIdentity([.. identity, .. user.Roles.Select(r => new Claim(ClaimTypes.Role, r))], SchemeName));
    }

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(12);
        options.SlidingExpiration = true;
        options.Events.OnRedirectToLogin = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", "sign in again: the session has ended");
        options.Events.OnRedirectToAccessDenied = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "your roles do not allow this");
        options.Events.OnValidatePrincipal = RefreshAsync;
    }

    private static async Task RefreshAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
        var user = name is null ? null : await users.FindAsync(name, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
            return;
        }

        context.ReplacePrincipal(Principal(user));
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>Refuses cookie-authenticated writes that lack <see cref="CsrfHeader"/>.</summary>
    public static IApplicationBuilder UseCookieWriteGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var unsafeMethod = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method));
            if (unsafeMethod
                && context.User.Identity is { IsAuthenticated: true, AuthenticationType: SchemeName }
                && !context.Request.Headers.ContainsKey(CsrfHeader))
            {
                await WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"requests signed in with the session cookie must send the {CsrfHeader} header");
                return;
            }

            await next(context);
        });
}
