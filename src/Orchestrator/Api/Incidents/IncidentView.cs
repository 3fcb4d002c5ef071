using System.Text.Json.Nodes;
using Orchestrator.Activities.Incidents;

namespace Orchestrator.Api.Incidents;

/// <summary>An incident as the API answers it: the stored document with its revision.</summary>
internal static class IncidentView
{
    public static JsonObject Of(DeclaredIncident incident, int revision)
    {
        var view = IncidentDocuments.ToBody(incident);
        view["revision"] = revision;
        return view;
    }
}
