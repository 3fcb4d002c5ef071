using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Incidents;

/// <summary>
/// A declared incident (an outage or a security incident) as kept in the document store: kind <c>incident</c>, id = the
/// incident id, which is also the correlation id of its emergency-response run.
/// </summary>
public sealed record DeclaredIncident
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary><c>SEV1</c>, <c>SEV2</c> or <c>SEV3</c>.</summary>
    public required string Severity { get; init; }

    /// <summary>The ticket priority the severity corresponds to (<c>P1</c>..<c>P4</c>), as it was declared or mapped.</summary>
    public required string Priority { get; init; }

    /// <summary><c>operational</c> or <c>security</c>.</summary>
    public string Kind { get; init; } = IncidentKinds.Operational;

    /// <summary>The person id of the incident commander.</summary>
    public required string CommanderId { get; init; }

    public IReadOnlyList<string> AccountIds { get; init; } = [];

    /// <summary>The tickets the incident is about (<c>zendesk:35436</c>); the ticket that raised it comes first.</summary>
    public IReadOnlyList<string> TicketIds { get; init; } = [];

    /// <summary>Targets told of every status update (<c>person:</c>, <c>role:</c>, <c>email:</c>, ...); the commander is always one.</summary>
    public IReadOnlyList<string> Stakeholders { get; init; } = [];

    /// <summary>How often a status update is due; null uses the severity's default.</summary>
    public TimeSpan? StatusUpdateCadence { get; init; }

    /// <summary><c>open</c>, <c>resolved</c> or <c>closed</c>.</summary>
    public string Status { get; init; } = IncidentStatuses.Open;

    public DateTimeOffset DeclaredAt { get; init; }

    public string? DeclaredBy { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The definition and instance of the run that drives the incident.</summary>
    public string? WorkflowDefinitionId { get; init; }

    public string? InstanceId { get; init; }

    public IReadOnlyList<IncidentUpdate> Updates { get; init; } = [];
}

/// <summary>One entry in an incident's history: a status update, the resolution or the closure.</summary>
public sealed record IncidentUpdate
{
    /// <summary><c>update</c>, <c>resolve</c> or <c>close</c>.</summary>
    public required string Type { get; init; }

    public required string Text { get; init; }

    /// <summary>Whether the update is meant for the public status page as well.</summary>
    public bool StatusPage { get; init; }

    public string? By { get; init; }

    public DateTimeOffset At { get; init; }
}

public static class IncidentKinds
{
    public const string Operational = "operational";
    public const string Security = "security";

    public static IReadOnlyList<string> All { get; } = [Operational, Security];
}

public static class IncidentStatuses
{
    public const string Open = "open";
    public const string Resolved = "resolved";
    public const string Closed = "closed";
}

/// <summary>How incidents are read and written in the document store, so the shape stays in one place.</summary>
public static class IncidentDocuments
{
    public const string Kind = "incident";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static JsonObject ToBody(DeclaredIncident incident) => (JsonObject)JsonSerializer.SerializeToNode(incident, Json)!;

    /// <summary>Reads a stored body; null when it is not an incident (a hand-edited document missing its required fields).</summary>
    public static DeclaredIncident? FromBody(JsonObject body)
    {
        try
        {
            return body.Deserialize<DeclaredIncident>(Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static async ValueTask<(DeclaredIncident Incident, int Revision)?> GetIncidentAsync(this IDocumentStore store, string id, CancellationToken cancellationToken = default) =>
        await store.GetAsync(Kind, id, cancellationToken) is { } document && FromBody(document.Body) is { } incident
            ? (incident, document.Revision)
            : null;
}
