using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Incidents;

namespace Orchestrator.Api.Incidents;

/// <summary>
/// An incident as the API answers it: the stored document with its revision, and where it stands now: <c>phase</c>,
/// <c>nextUpdateDueAt</c> and <c>updateLate</c> (see <see cref="IncidentTiming"/>).
/// </summary>
internal static class IncidentView
{
    public static JsonObject Of(DeclaredIncident incident, int revision, DateTimeOffset now)
    {
        var view = IncidentDocuments.ToBody(incident);
        view["revision"] = revision;
        var timing = IncidentTiming.Of(incident, now);
        view["phase"] = timing.Phase;
        view["phaseSince"] = timing.PhaseSince;
        view["phaseUntil"] = timing.PhaseUntil;
        view["statusUpdateEvery"] = timing.Cadence?.ToString("c", CultureInfo.InvariantCulture);
        view["lastUpdateAt"] = timing.LastUpdateAt;
        view["nextUpdateDueAt"] = timing.NextUpdateDueAt;
        view["updateLate"] = timing.Late;
        return view;
    }
}
