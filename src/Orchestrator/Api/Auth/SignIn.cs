using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Auth;

namespace Orchestrator.Api.Auth;

internal sealed record LoginRequest(string? User, string? Password);

/// <summary>Who is signed in (or which API key calls) and with which roles.</summary>
internal sealed record CurrentUser(string Name, IReadOnlyList<string> Roles, string Via)
{
    public static CurrentUser From(ClaimsPrincipal principal) => new(
        principal.Identity?.Name ?? string.Empty,
        [.. principal.FindAll(ClaimTypes.Role).Select(c => c.Value)],
        principal.Identity?.AuthenticationType == CookieAuth.SchemeName ? "cookie" : "api-key");
}

/// <summary><c>POST /api/auth/login</c>, <c>/logout</c> and <c>GET /api/auth/me</c>: the designer's session cookie.</summary>
internal static class SignIn
{
    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapPost("/login", LoginAsync)
            .AllowAnonymous()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithSummary("Signs a local user in: sets an HttpOnly, SameSite=Strict session cookie");
        group.MapPost("/logout", LogoutAsync)
            .AllowAnonymous()
            .WithSummary("Ends the session (removes the cookie)");
        group.MapGet("/me", Me)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("The signed-in user (or API key) and its roles");
    }

    public static async Task<Results<Ok<CurrentUser>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request,
        HttpContext context,
        UserDirectory users,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.User))
        {
            return ApiProblems.Invalid("user", "user is required");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            return ApiProblems.Invalid("password", "password is required");
        }

        var user = await users.VerifyAsync(request.User, request.Password, cancellationToken);
        if (user is null)
        {
            return TypedResults.Problem("the user name or password is wrong", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
        }

        var principal = CookieAuth.Principal(user);
        await context.SignInAsync(CookieAuth.SchemeName, principal);
        return TypedResults.Ok(CurrentUser.From(principal));
    }

    public static async Task<NoContent> LogoutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await context.SignOutAsync(CookieAuth.SchemeName);
        return TypedResults.NoContent();
    }

    public static Ok<CurrentUser> Me(ClaimsPrincipal user) => TypedResults.Ok(CurrentUser.From(user));
}
