using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Incidents;
using Orchestrator.Activities.Storage;
using Orchestrator.Activities.Tickets;
using Orchestrator.Api.Incidents;
using Orchestrator.Definitions;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Incidents;

/// <summary>Configuration section <c>Orchestrator:Incidents:FromTickets</c>: when a ticket declares an incident by itself.</summary>
internal sealed class TicketIncidentOptions
{
    public const string Section = "Orchestrator:Incidents:FromTickets";

    /// <summary>On by default: a P1 outage or security ticket declares its incident without waiting for a commander.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The priorities that declare (normalised P1..P4).</summary>
    public string[] Priorities { get; set; } = ["P1"];

    /// <summary>Ticket categories that declare an incident (case-insensitive; <c>_</c> and <c>-</c> count as spaces).</summary>
    public string[] Categories { get; set; } = ["outage", "outages", "security"];

    /// <summary>Of those, the categories that declare a security incident (the <c>security-incident</c> workflow).</summary>
    public string[] SecurityCategories { get; set; } = ["security"];

    /// <summary>Who commands the incident: a target resolved when the ticket arrives; the first person it names.</summary>
    public string Commander { get; set; } = "role:incident-commander";

    /// <summary>Stakeholder targets of the declared incident.</summary>
    public string[] Stakeholders { get; set; } = [];
}

/// <summary>
/// Declares an incident for a ticket that is (created as, or raised to) a P1 outage or security ticket, the same way
/// <c>POST /api/incidents</c> does: the ticket linked, its account affected, severity from its priority. The incident id
/// is derived from the ticket id (<c>ticket-zendesk-35436</c>), so a ticket declares at most one incident however often
/// its events are delivered or updated.
/// </summary>
internal sealed partial class TicketIncidentRule(
    IServiceProvider services,
    IOptionsMonitor<TicketIncidentOptions> options,
    ILogger<TicketIncidentRule> logger)
{
    public const string DeclaredBy = "ticket-rule";

    /// <summary>The incident a ticket declares: <c>ticket-</c> and the ticket id with anything but letters, digits, '.', '_' and '-' as '-'.</summary>
    public static string IncidentIdFor(string ticketId)
    {
        var id = new StringBuilder("ticket-", ticketId.Length + 7);
        foreach (var c in ticketId)
        {
            id.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        return id.Length > 100 ? id.ToString(0, 100) : id.ToString();
    }

    /// <summary>Declares the ticket's incident when the event calls for one; null when it does not, else the incident id.</summary>
    public async Task<string?> ApplyAsync(JsonNode? payload, CancellationToken cancellationToken)
    {
        var rule = options.CurrentValue;
        if (!rule.Enabled || payload is not JsonObject ticket)
        {
            return null;
        }

        var type = Text(ticket["type"]);
        var ticketId = Text(ticket["ticketId"]);
        var category = Normalise(Text(ticket["category"]));
        if (type is not (TicketEvent.Created or TicketEvent.PriorityChanged or TicketEvent.Reopened) || ticketId is null || category is null
            || !rule.Priorities.Contains(Text(ticket["priority"]) ?? string.Empty, StringComparer.OrdinalIgnoreCase)
            || !rule.Categories.Any(c => Normalise(c) == category))
        {
            return null;
        }

        var id = IncidentIdFor(ticketId);
        var documents = services.GetRequiredService<IDocumentStore>();
        if (await documents.GetAsync(IncidentDocuments.Kind, id, cancellationToken) is not null)
        {
            return id;
        }

        var time = services.GetRequiredService<TimeProvider>();
        var commander = await FindCommanderAsync(rule.Commander, Text(ticket["account"]), time.GetUtcNow(), cancellationToken);
        if (commander is null)
        {
            LogNoCommander(ticketId, rule.Commander);
            return null;
        }

        var priority = Text(ticket["priority"])!;
        var security = rule.SecurityCategories.Any(c => Normalise(c) == category);
        var subject = Text(ticket["subject"]);
        var account = Text(ticket["account"]);
        var request = new DeclareIncidentRequest(
            id,
            $"{priority} {category} ticket {ticketId}{(string.IsNullOrWhiteSpace(subject) ? string.Empty : ": " + subject)}",
            priority,
            commander,
            account is null ? [] : [account],
            rule.Stakeholders,
            security ? IncidentKinds.Security : IncidentKinds.Operational,
            StatusUpdateCadence: null,
            TicketIds: [ticketId]);
        var result = await DeclareIncident.DeclareAsync(
            request,
            DeclaredBy,
            documents,
            services.GetRequiredService<DefinitionCatalog>(),
            services.GetRequiredService<WorkflowRuntime>(),
            time,
            cancellationToken);
        switch (result.Result)
        {
            case Created<JsonObject>:
                LogDeclared(id, ticketId, request.Kind!);
                return id;
            case ProblemHttpResult { StatusCode: StatusCodes.Status409Conflict } conflict when conflict.ProblemDetails.Detail?.Contains("already exists", StringComparison.Ordinal) == true:
                // Declared meanwhile by another delivery of the same ticket.
                return id;
            case ProblemHttpResult problem:
                LogNotDeclared(ticketId, problem.ProblemDetails.Detail);
                return null;
            case ValidationProblem invalid:
                LogNotDeclared(ticketId, invalid.ProblemDetails.Detail);
                return null;
            default:
                return null;
        }
    }

    private async Task<string?> FindCommanderAsync(string target, string? accountId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!NotificationTarget.TryParse(target, out var parsed, out var error))
        {
            LogBadCommander(target, error);
            return null;
        }

        var people = await services.GetRequiredService<IRecipientResolver>().ResolveAsync(parsed, new RecipientContext(at, accountId), cancellationToken);
        return people.Count > 0 ? people[0].Id : null;
    }

    private static string? Normalise(string? category) =>
        string.IsNullOrWhiteSpace(category) ? null : category.Trim().Replace('_', ' ').Replace('-', ' ').ToLowerInvariant();

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId} ({Kind}) declared for ticket {TicketId}")]
    private partial void LogDeclared(string incidentId, string ticketId, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ticket {TicketId} calls for an incident but the commander target '{Commander}' names nobody; declare it with POST /api/incidents")]
    private partial void LogNoCommander(string ticketId, string commander);

    [LoggerMessage(Level = LogLevel.Error, Message = "Orchestrator:Incidents:FromTickets:Commander '{Commander}' is not a target: {Error}")]
    private partial void LogBadCommander(string commander, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The incident for ticket {TicketId} was not declared: {Detail}")]
    private partial void LogNotDeclared(string ticketId, string? detail);
}

internal static class TicketIncidentsServiceCollectionExtensions
{
    /// <summary>The rule that declares incidents for P1 outage and security tickets (section <c>Orchestrator:Incidents:FromTickets</c>).</summary>
    public static IServiceCollection AddTicketIncidents(this IServiceCollection services)
    {
        services.AddOptions<TicketIncidentOptions>().BindConfiguration(TicketIncidentOptions.Section);
        services.TryAddSingleton<TicketIncidentRule>();
        return services;
    }
}
