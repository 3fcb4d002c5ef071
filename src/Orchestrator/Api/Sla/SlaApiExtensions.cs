using Microsoft.AspNetCore.Mvc;
using Orchestrator.Activities.Sla;
using Orchestrator.Api.Calendars;

namespace Orchestrator.Api.Sla;

internal static class SlaApiExtensions
{
    private static readonly ProducesResponseTypeMetadata Unauthorized = new(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]);
    private static readonly ProducesResponseTypeMetadata Forbidden = new(StatusCodes.Status403Forbidden, typeof(ProblemDetails), ["application/problem+json"]);

    /// <summary>Business calendars, business time and SLA timers, with the shipped calendars written at start.</summary>
    public static IServiceCollection AddSlaServices(this IServiceCollection services)
    {
        services.AddSla();
        services.AddHostedService<DefaultCalendarsSeeder>();
        return services;
    }

    /// <summary><c>/api/calendars</c> (read: every role; write: process owners and admins) and <c>/api/sla/preview</c>.</summary>
    public static IEndpointRouteBuilder MapSlaApi(this IEndpointRouteBuilder app)
    {
        var calendars = app.MapGroup("/api/calendars").WithTags("Business calendars").WithMetadata(Unauthorized, Forbidden);
        ListCalendars.Map(calendars);
        GetCalendar.Map(calendars);
        CreateCalendar.Map(calendars);
        SaveCalendar.Map(calendars);
        DeleteCalendar.Map(calendars);
        var sla = app.MapGroup("/api/sla").WithTags("SLA").WithMetadata(Unauthorized, Forbidden);
        PreviewSla.Map(sla);
        GetInstanceSla.Map(app).WithMetadata(Unauthorized, Forbidden);
        return app;
    }
}
