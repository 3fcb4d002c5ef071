using Orchestrator.Activities.Incidents;
using Orchestrator.Auth;

namespace Orchestrator.Api.Incidents;

internal static class IncidentsApi
{
    /// <summary>The workflow a declared incident of each kind starts.</summary>
    public static string WorkflowFor(string kind) => kind == IncidentKinds.Security ? "security-incident" : "emergency-response";

    public static IServiceCollection AddIncidentsApi(this IServiceCollection services) => services.AddIncidents();

    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents").WithTags("Incidents");
        DeclareIncident.Map(group);
        ListIncidents.Map(group);
        GetIncident.Map(group);
        GetIncidentEngagement.Map(group);
        PostIncidentUpdate.Map(group);
        return app;
    }

    /// <summary>Declaring and driving incidents is for incident commanders (and admins); every role may read them.</summary>
    public static TBuilder RequireIncidentCommander<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AuthPolicies.ManageIncidents);
}
