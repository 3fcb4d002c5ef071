using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Incidents;
using Orchestrator.Activities.Storage;
using Orchestrator.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Engine.Values;

namespace Orchestrator.Api.Incidents;

/// <summary>The body of <c>POST /api/incidents</c>.</summary>
internal sealed record DeclareIncidentRequest(
    string? Id,
    string? Title,
    string? Severity,
    string? CommanderId,
    IReadOnlyList<string?>? AccountIds,
    IReadOnlyList<string?>? Stakeholders,
    string? Kind,
    string? StatusUpdateCadence,
    IReadOnlyList<string?>? TicketIds = null);

/// <summary>
/// <c>POST /api/incidents</c>: declares an incident, stores it (document kind <c>incident</c>) and starts its workflow
/// (<c>emergency-response</c>, or <c>security-incident</c> for kind <c>security</c>) with the incident id as the
/// correlation id. Answers 201 with the incident and its run.
/// </summary>
internal static partial class DeclareIncident
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPost("/", HandleAsync)
            .RequireIncidentCommander()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Declares an incident and starts its emergency-response (or security-incident) run");

    public static Task<Results<Created<JsonObject>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        DeclareIncidentRequest request,
        HttpContext http,
        IDocumentStore documents,
        DefinitionCatalog catalog,
        WorkflowRuntime runtime,
        TimeProvider time) =>
        DeclareAsync(request, http.User.FindFirst(ClaimTypes.Name)?.Value, documents, catalog, runtime, time, http.RequestAborted);

    /// <summary>The declaration itself, shared by the API and the rule that declares incidents for P1 outage/security tickets.</summary>
    public static async Task<Results<Created<JsonObject>, ValidationProblem, ProblemHttpResult>> DeclareAsync(
        DeclareIncidentRequest request,
        string? declaredBy,
        IDocumentStore documents,
        DefinitionCatalog catalog,
        WorkflowRuntime runtime,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message) => errors[field] = [message];

        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            Fail("title", "title is required");
        }
        else if (title.Length > 300)
        {
            Fail("title", "title must be at most 300 characters");
        }

        if (!IncidentSeverity.TryParse(request.Severity, out var severity, out var priority))
        {
            Fail("severity", request.Severity is null
                ? $"severity is required: one of {string.Join(", ", IncidentSeverity.Accepted)}"
                : $"'{request.Severity}' is not a severity; expected one of {string.Join(", ", IncidentSeverity.Accepted)}");
        }

        var kind = string.IsNullOrWhiteSpace(request.Kind) ? IncidentKinds.Operational : request.Kind.Trim().ToLowerInvariant();
        if (!IncidentKinds.All.Contains(kind))
        {
            Fail("kind", $"'{request.Kind}' is not a kind; expected {string.Join(" or ", IncidentKinds.All)}");
        }

        var commanderId = request.CommanderId?.Trim();
        if (string.IsNullOrEmpty(commanderId))
        {
            Fail("commanderId", "commanderId is required: the person id of the incident commander");
        }
        else if (await documents.GetAsync(commanderId, cancellationToken) is null)
        {
            Fail("commanderId", $"no person '{commanderId}' in the directory; add them under /api/people first");
        }

        var accountIds = new List<string>();
        for (var i = 0; i < (request.AccountIds?.Count ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(request.AccountIds![i]))
            {
                Fail($"accountIds[{i}]", "an account id is empty");
            }
            else
            {
                accountIds.Add(request.AccountIds[i]!.Trim());
            }
        }

        var stakeholders = new List<string>();
        for (var i = 0; i < (request.Stakeholders?.Count ?? 0); i++)
        {
            if (!NotificationTarget.TryParse(request.Stakeholders![i], out var target, out var error))
            {
                Fail($"stakeholders[{i}]", error);
            }
            else if (target.Kind == TargetKind.Stakeholders)
            {
                Fail($"stakeholders[{i}]", "a stakeholder cannot be 'stakeholders' itself");
            }
            else
            {
                stakeholders.Add(target.ToString());
            }
        }

        var ticketIds = new List<string>();
        for (var i = 0; i < (request.TicketIds?.Count ?? 0); i++)
        {
            if (string.IsNullOrWhiteSpace(request.TicketIds![i]))
            {
                Fail($"ticketIds[{i}]", "a ticket id is empty");
            }
            else
            {
                ticketIds.Add(request.TicketIds[i]!.Trim());
            }
        }

        TimeSpan? cadence = null;
        if (!string.IsNullOrWhiteSpace(request.StatusUpdateCadence))
        {
            if (TryParseSpan(request.StatusUpdateCadence.Trim(), out var parsed) && parsed > TimeSpan.Zero)
            {
                cadence = parsed;
            }
            else
            {
                Fail("statusUpdateCadence", $"'{request.StatusUpdateCadence}' is not a positive time span (hh:mm:ss or ISO 8601 such as PT2H)");
            }
        }

        var now = time.GetUtcNow();
        var id = string.IsNullOrWhiteSpace(request.Id) ? NewId(now) : request.Id.Trim();
        if (!IdPattern().IsMatch(id))
        {
            Fail("id", $"'{id}' is not a valid id: letters, digits, '.', '_' and '-', at most 100 characters");
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        }

        var definitionId = IncidentsApi.WorkflowFor(kind);
        var published = await catalog.FindPublishedAsync(definitionId, cancellationToken);
        if (published is null)
        {
            return ApiProblems.Conflict($"workflow definition '{definitionId}' has no published version; the {kind} incident was not declared");
        }

        var incident = new DeclaredIncident
        {
            Id = id,
            Title = title!,
            Severity = severity,
            Priority = priority,
            Kind = kind,
            CommanderId = commanderId!,
            AccountIds = accountIds,
            Stakeholders = stakeholders,
            StatusUpdateCadence = cadence,
            DeclaredAt = now,
            DeclaredBy = declaredBy,
            TicketIds = ticketIds,
            WorkflowDefinitionId = definitionId,
        };
        StoredDocument stored;
        try
        {
            stored = await documents.PutAsync(IncidentDocuments.Kind, id, IncidentDocuments.ToBody(incident), expectedRevision: 0, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            return ApiProblems.Conflict($"incident '{id}' already exists");
        }

        // The run is started after the incident is stored, so its activities can read it; once begun it is finished
        // and committed whether or not the caller still listens.
        var result = await runtime.StartAsync(published.Definition, new StartWorkflowRequest { Input = Input(incident), CorrelationId = id }, CancellationToken.None);
        incident = incident with { InstanceId = result.Instance.Id };
        try
        {
            stored = await documents.PutAsync(IncidentDocuments.Kind, id, IncidentDocuments.ToBody(incident), stored.Revision, CancellationToken.None);
        }
        catch (DocumentConflictException)
        {
            // An update raced in during the first burst: it kept everything but the instance id, which is added to it.
            var current = (await documents.GetIncidentAsync(id, CancellationToken.None))!.Value;
            stored = await documents.PutAsync(IncidentDocuments.Kind, id, IncidentDocuments.ToBody(current.Incident with { InstanceId = result.Instance.Id }), current.Revision, CancellationToken.None);
        }

        return TypedResults.Created($"/api/incidents/{Uri.EscapeDataString(id)}", IncidentView.Of(incident, stored.Revision, time.GetUtcNow()));
    }

    /// <summary>What the workflow sees: <c>getInput('IncidentId')</c>, <c>getInput('Commander')</c> (a target), ...</summary>
    private static Dictionary<string, object?> Input(DeclaredIncident incident) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["IncidentId"] = incident.Id,
        ["Title"] = incident.Title,
        ["Severity"] = incident.Severity,
        ["Priority"] = incident.Priority,
        ["Kind"] = incident.Kind,
        ["CommanderId"] = incident.CommanderId,
        ["Commander"] = $"person:{incident.CommanderId}",
        ["AccountIds"] = ValueModel.FromJsonNode(new JsonArray([.. incident.AccountIds.Select(a => (JsonNode)a)])),
        ["AccountId"] = incident.AccountIds.Count > 0 ? incident.AccountIds[0] : null,
        ["Stakeholders"] = ValueModel.FromJsonNode(new JsonArray([.. incident.Stakeholders.Select(s => (JsonNode)s)])),
        ["StatusUpdateCadence"] = incident.StatusUpdateCadence?.ToString("c", CultureInfo.InvariantCulture),
        ["TicketIds"] = ValueModel.FromJsonNode(new JsonArray([.. incident.TicketIds.Select(t => (JsonNode)t)])),
        ["TicketId"] = incident.TicketIds.Count > 0 ? incident.TicketIds[0] : null,
    };

    private static bool TryParseSpan(string text, out TimeSpan span)
    {
        if (text.StartsWith('P') || text.StartsWith('p'))
        {
            try
            {
                span = XmlConvert.ToTimeSpan(text.ToUpperInvariant());
                return true;
            }
            catch (FormatException)
            {
                span = default;
                return false;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out span);
    }

    private static string NewId(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"INC-{now:yyyyMMdd-HHmm}-{Guid.NewGuid().ToString("N")[..6]}");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex IdPattern();
}
