using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.Persistence;
using Quartz;

namespace Orchestrator.Health;

/// <summary>The database answers a query.</summary>
internal sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM workflow_definitions";
            var definitions = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return HealthCheckResult.Healthy($"{database.Options.Provider}: {definitions} definition version(s)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{database.Options.Provider} does not answer: {ex.Message}", ex);
        }
    }
}

/// <summary>The timer scheduler is running (timers fire only while it is).</summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return scheduler.Status switch
        {
            SchedulerStatus.Running => HealthCheckResult.Healthy("running"),
            SchedulerStatus.Created or SchedulerStatus.Standby => HealthCheckResult.Degraded($"{scheduler.Status}: timers do not fire yet"),
            _ => HealthCheckResult.Unhealthy($"{scheduler.Status}: timers do not fire"),
        };
    }
}

internal static class HealthServiceCollectionExtensions
{
    public static IServiceCollection AddOrchestratorHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<SchedulerHealthCheck>("scheduler");
        services.AddHostedService<RunPathWarmUp>();
        return services;
    }

    /// <summary><c>GET /health</c>: 200 when healthy or degraded, 503 when not, with each check's state as JSON.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
