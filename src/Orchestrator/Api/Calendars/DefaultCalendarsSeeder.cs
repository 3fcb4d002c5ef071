using Orchestrator.Activities.Sla;

namespace Orchestrator.Api.Calendars;

/// <summary>Writes the shipped calendars that are missing when the host starts (after the database is migrated).</summary>
internal sealed class DefaultCalendarsSeeder(CalendarStore calendars) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => calendars.EnsureDefaultsAsync(cancellationToken).AsTask();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
