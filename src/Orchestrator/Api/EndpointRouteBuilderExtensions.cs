using Microsoft.AspNetCore.Mvc;
using Orchestrator.Api.ApiKeys;
using Orchestrator.Api.Auth;
using Orchestrator.Api.Definitions;
using Orchestrator.Api.Instances;
using Orchestrator.Api.Stimuli;
using Orchestrator.Auth;

namespace Orchestrator.Api;

/// <summary>The host's routes, one route group per resource; each endpoint declares the policy it needs.</summary>
internal static class EndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapActivityDescriptors(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/activity-descriptors", ActivityDescriptorsEndpoint.List)
            .RequireAuthorization(AuthPolicies.Read)
            .WithTags("Activity descriptors")
            .RequiresApiKey()
            .WithSummary("Every activity type with its category, inputs, outputs and ports");
        return app;
    }

    public static IEndpointRouteBuilder MapWorkflowDefinitionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/workflow-definitions").WithTags("Workflow definitions").RequiresApiKey();
        ListDefinitions.Map(group);
        SaveDefinition.Map(group);
        ValidateDefinition.Map(group);
        GetDefinition.Map(group);
        ListVersions.Map(group);
        GetVersion.Map(group);
        PublishDefinition.Map(group);
        RetractDefinition.Map(group);
        RevertDefinition.Map(group);
        ExportDefinition.Map(group);
        DeleteDefinition.Map(group);
        return app;
    }

    public static IEndpointRouteBuilder MapWorkflowInstancesApi(this IEndpointRouteBuilder app)
    {
        StartRun.Map(app).RequiresApiKey();
        var group = app.MapGroup("/api/workflow-instances").WithTags("Workflow instances").RequiresApiKey();
        ListInstances.Map(group);
        GetInstance.Map(group);
        GetJournal.Map(group);
        CancelInstance.Map(group);
        RetryInstance.Map(group);
        ResolveInstanceIncident.Map(group);
        MigrateInstance.Map(group);
        return app;
    }

    public static IEndpointRouteBuilder MapStimuliApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Events and tasks").RequiresApiKey();
        PublishEvent.Map(group);

        // POST /api/tasks/{id}/complete is the task inbox's: it completes human tasks and passes other ids on to Elsa.RunTask.
        return app;
    }

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/api-keys").WithTags("API keys").RequiresApiKey();
        CreateApiKey.Map(group);
        ListApiKeys.Map(group);
        DeleteApiKey.Map(group);
        return app;
    }

    public static IEndpointRouteBuilder MapSignInApi(this IEndpointRouteBuilder app)
    {
        SignIn.Map(app.MapGroup("/api/auth").WithTags("Sign-in"));
        ManageUsers.Map(app.MapGroup("/api/users").WithTags("Users").RequiresApiKey());
        return app;
    }

    /// <summary>Documents the answers every keyed endpoint can give: no or unknown key, and a key without the role.</summary>
    internal static TBuilder RequiresApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]),
            new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]));
}
