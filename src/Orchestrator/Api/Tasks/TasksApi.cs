using System.Security.Claims;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Api.Tasks;

internal static class TasksApi
{
    /// <summary>The task inbox under <c>/api/tasks</c>.</summary>
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks").RequiresApiKey();
        ListTasks.Map(group);
        GetTask.Map(group);
        CompleteHumanTask.Map(group);
        ReassignTask.Map(group);
        CancelTask.Map(group);
        return app;
    }
}

/// <summary>
/// Who calls: an API key names its holder by its name. A key named after a person id (<c>alice</c>) makes
/// <c>?owner=me</c> mean that person, and its completions are recorded as done by that person.
/// </summary>
internal static class TaskCaller
{
    public static string Name(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown";

    /// <summary>The person the calling key stands for; null when its name is no person's id.</summary>
    public static async ValueTask<string?> PersonIdAsync(ClaimsPrincipal user, IDocumentStore documents, CancellationToken cancellationToken)
    {
        var name = Name(user);
        return await documents.GetAsync("person", name, cancellationToken) is null ? null : name;
    }
}
