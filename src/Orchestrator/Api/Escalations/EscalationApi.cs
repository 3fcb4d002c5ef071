using Orchestrator.Activities.Escalation;
using Orchestrator.Api.Rotations;

namespace Orchestrator.Api.Escalations;

internal static class EscalationApi
{
    /// <summary>Rotations, policies, links and handoffs, with the link secret made sure of at start.</summary>
    public static IServiceCollection AddEscalationApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEscalation();
        services.Configure<AcknowledgeLinkOptions>(configuration.GetSection(AcknowledgeLinkOptions.Section));
        services.AddHostedService<LinkSecretStartup>();
        return services;
    }

    public static IEndpointRouteBuilder MapEscalationApi(this IEndpointRouteBuilder app)
    {
        var rotations = app.MapGroup("/api/rotations").WithTags("Rotations");
        RotationDocuments.Endpoints.Map(rotations);
        GetOnCall.Map(rotations);

        var policies = app.MapGroup("/api/escalation-policies").WithTags("Escalation policies");
        new ConfigDocuments<EscalationPolicy>(EscalationPolicy.DocumentKind, "escalation policy", p => p.Id, (p, id) => p with { Id = id }, p => EscalationPolicy.Validate(p, requireId: true)).Map(policies);

        AcknowledgeEscalation.Map(app);
        ResolveEscalation.Map(app);
        AcceptHandoff.Map(app);
        return app;
    }

    /// <summary>Generates and stores the link secret at first start when none is configured, so every node signs alike.</summary>
    private sealed class LinkSecretStartup(AcknowledgeLinks links) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken) => await links.SecretAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
