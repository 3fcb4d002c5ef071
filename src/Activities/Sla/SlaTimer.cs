using Orchestrator.Engine.Activities;

namespace Orchestrator.Activities.Sla;

/// <summary>The SLA timer (see <see cref="SlaTimerActivity"/>).</summary>
[Activity("Orchestrator.SlaTimer", Category = "SLA", DisplayName = "SLA timer", Description = "Times a ticket SLA on a business calendar: warnings and breach while it runs, paused and stopped by ticket events.", Outcomes = ["Warning", "Breached", "Met", "Done"])]
public sealed class SlaTimer : SlaTimerActivity
{
}
