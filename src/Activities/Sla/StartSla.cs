using Orchestrator.Engine.Activities;

namespace Orchestrator.Activities.Sla;

/// <summary>The same SLA timer under the type name <c>Orchestrator.StartSla</c>, which definitions may use.</summary>
[Activity("Orchestrator.StartSla", Category = "SLA", DisplayName = "Start SLA", Description = "Starts an SLA timer (the same activity as Orchestrator.SlaTimer).", Outcomes = ["Warning", "Breached", "Met", "Done"])]
public sealed class StartSla : SlaTimerActivity
{
}
