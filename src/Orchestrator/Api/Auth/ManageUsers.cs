using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Auth;

internal sealed record UserView(string Name, IReadOnlyList<string> Roles, DateTimeOffset? CreatedAt)
{
    public static UserView From(UserAccount user) => new(user.Name, user.Roles, user.CreatedAt);
}

internal sealed record CreateUserRequest(string? Name, string? Password, IReadOnlyList<string>? Roles);

internal sealed record UpdateUserRequest(string? Password, IReadOnlyList<string>? Roles);

/// <summary><c>/api/users</c>: admins list, create, change and delete local users. Passwords are never returned.</summary>
internal static class ManageUsers
{
    public const int MinimumPasswordLength = 10;
    public const int MaxNameLength = 100;

    public static void Map(IEndpointRouteBuilder group)
    {
        group.MapGet(string.Empty, ListAsync).RequireAuthorization(AuthPolicies.Administer).WithSummary("Lists local users");
        group.MapPost(string.Empty, CreateAsync).RequireAuthorization(AuthPolicies.Administer)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Creates a local user with a password and roles");
        group.MapPut("/{name}", UpdateAsync).RequireAuthorization(AuthPolicies.Administer)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Changes a user's roles and/or password");
        group.MapDelete("/{name}", DeleteAsync).RequireAuthorization(AuthPolicies.Administer)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Deletes a user; their session ends at its next request");
    }

    public static async Task<Ok<List<UserView>>> ListAsync(UserDirectory users, CancellationToken cancellationToken) =>
        TypedResults.Ok((await users.ListAsync(cancellationToken)).Select(UserView.From).ToList());

    public static async Task<Results<Created<UserView>, ValidationProblem, ProblemHttpResult>> CreateAsync(CreateUserRequest request, UserDirectory users, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(c => char.IsControl(c) || c == '/'))
        {
            errors["name"] = [$"name is required, at most {MaxNameLength} characters, without '/' or control characters"];
        }
        else if (users.IsBootstrap(name))
        {
            errors["name"] = [$"'{name}' is the configured bootstrap admin"];
        }

        CheckPassword(request.Password, errors);
        var roles = CheckRoles(request.Roles, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.Values.SelectMany(e => e)));
        }

        try
        {
            var user = await users.CreateAsync(name!, request.Password!, roles, cancellationToken);
            return TypedResults.Created($"/api/users/{Uri.EscapeDataString(user.Name)}", UserView.From(user));
        }
        catch (DocumentConflictException)
        {
            return ApiProblems.Conflict($"a user named '{name}' already exists");
        }
    }

    public static async Task<Results<Ok<UserView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(string name, UpdateUserRequest request, UserDirectory users, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Password is not null)
        {
            CheckPassword(request.Password, errors);
        }

        var roles = request.Roles is null ? null : CheckRoles(request.Roles, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.Values.SelectMany(e => e)));
        }

        var updated = await users.UpdateAsync(name, request.Password, roles, cancellationToken);
        return updated is null ? ApiProblems.NotFound($"no user '{name}'") : TypedResults.Ok(UserView.From(updated));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string name, UserDirectory users, CancellationToken cancellationToken) =>
        await users.DeleteAsync(name, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"no user '{name}'");

    private static void CheckPassword(string? password, Dictionary<string, string[]> errors)
    {
        if (password is null || password.Length < MinimumPasswordLength)
        {
            errors["password"] = [$"password must be at least {MinimumPasswordLength} characters"];
        }
    }

    private static List<string> CheckRoles(IReadOnlyList<string>? requested, Dictionary<string, string[]> errors)
    {
        var roles = (requested ?? []).Select(r => r?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        var unknown = roles.Where(r => !Roles.All.Contains(r, StringComparer.Ordinal)).ToList();
        if (roles.Count == 0)
        {
            errors["roles"] = [$"at least one role is required: {string.Join(", ", Roles.All)}"];
        }
        else if (unknown.Count > 0)
        {
            errors["roles"] = [$"unknown role(s): {string.Join(", ", unknown.Select(r => $"'{r}'"))}; known roles are {string.Join(", ", Roles.All)}"];
        }

        return roles;
    }
}
