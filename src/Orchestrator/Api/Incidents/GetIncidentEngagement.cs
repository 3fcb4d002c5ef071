using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Escalation;
using Orchestrator.Activities.Incidents;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;
using Orchestrator.Engine.Execution;
using Orchestrator.Journal;
using Orchestrator.Notifications;
using Orchestrator.Persistence;

namespace Orchestrator.Api.Incidents;

/// <summary>
/// <c>GET /api/incidents/{id}/engagement</c>: what an incident commander watches. The phase and the status-update
/// cadence (history, next due, late), the affected accounts, who the run paged or told (each outbox message: person,
/// channel, queued, sent, delivery) and who acknowledged its escalations (from the run's journal), each page matched
/// with its person's acknowledgement.
/// </summary>
internal static class GetIncidentEngagement
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id}/engagement", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The incident console's view: phase, status-update cadence, affected accounts, who was paged and who acknowledged");

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> HandleAsync(string id, IDocumentStore documents, Database database, IJournalStore journal, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await documents.GetIncidentAsync(id, cancellationToken) is not { } stored)
        {
            return ApiProblems.NotFound($"incident '{id}' does not exist");
        }

        var incident = stored.Incident;
        var timing = IncidentTiming.Of(incident, time.GetUtcNow());
        var people = (await documents.ListPeopleAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        string? NameOf(string? personId) => personId is not null && people.TryGetValue(personId, out var name) ? name : null;

        var acknowledgements = new List<Acknowledgement>();
        var paged = new JsonArray();
        if (incident.InstanceId is { } instanceId)
        {
            foreach (var entry in await journal.ListAsync(instanceId, cancellationToken))
            {
                if (entry.Event == JournalEvent.Note && entry.Message is { } note && EscalationNotes.ReadAcknowledged(note) is { } ack)
                {
                    acknowledgements.Add(new Acknowledgement(ack.EscalationKey, ack.By, entry.Timestamp, entry.ActivityId, ack.Level, ack.Round));
                }
            }

            await using var context = database.CreateContext();
            var outbox = await context.Outbox.AsNoTracking().Where(o => o.InstanceId == instanceId).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(cancellationToken);
            var ids = outbox.Select(o => o.Id).ToList();
            var sentAt = (await context.OutboxAttempts.AsNoTracking().Where(a => ids.Contains(a.OutboxId) && a.Outcome == "sent").ToListAsync(cancellationToken))
                .GroupBy(a => a.OutboxId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new DateTimeOffset(g.Min(a => a.At), TimeSpan.Zero), StringComparer.Ordinal);
            foreach (var message in outbox)
            {
                var payload = JsonNode.Parse(message.Payload) as JsonObject;
                var personId = payload?["personId"] is JsonValue p && p.TryGetValue<string>(out var pid) ? pid : null;
                var queuedAt = new DateTimeOffset(message.CreatedAt, TimeSpan.Zero);
                var ack = acknowledgements.FirstOrDefault(a => a.By is not null && a.By == personId && a.At >= queuedAt);
                paged.Add(new JsonObject
                {
                    ["messageId"] = message.Id,
                    ["personId"] = personId,
                    ["personName"] = NameOf(personId),
                    ["channel"] = message.Channel,
                    ["address"] = Address(payload),
                    ["template"] = payload?["template"]?.DeepClone(),
                    ["activityId"] = message.ActivityId,
                    ["queuedAt"] = queuedAt,
                    ["sentAt"] = sentAt.TryGetValue(message.Id, out var sent) ? sent : null,
                    ["status"] = message.Status,
                    ["deliveryStatus"] = message.DeliveryStatus,
                    ["delivery"] = Delivery(message.Status, message.DeliveryStatus),
                    ["acknowledgedAt"] = ack?.At,
                });
            }
        }

        var accounts = new JsonArray();
        foreach (var accountId in incident.AccountIds)
        {
            var account = await documents.GetAccountAsync(accountId, cancellationToken);
            accounts.Add(new JsonObject { ["id"] = accountId, ["name"] = account?.Customer });
        }

        var view = new JsonObject
        {
            ["incidentId"] = incident.Id,
            ["title"] = incident.Title,
            ["status"] = incident.Status,
            ["severity"] = incident.Severity,
            ["kind"] = incident.Kind,
            ["commander"] = new JsonObject { ["id"] = incident.CommanderId, ["name"] = NameOf(incident.CommanderId) },
            ["declaredAt"] = incident.DeclaredAt,
            ["phase"] = timing.Phase,
            ["phaseSince"] = timing.PhaseSince,
            ["phaseUntil"] = timing.PhaseUntil,
            ["statusUpdates"] = new JsonObject
            {
                ["every"] = timing.Cadence?.ToString("c", CultureInfo.InvariantCulture),
                ["lastAt"] = timing.LastUpdateAt,
                ["nextDueAt"] = timing.NextUpdateDueAt,
                ["late"] = timing.Late,
                ["history"] = IncidentDocuments.ToBody(incident)["updates"]!.DeepClone(),
            },
            ["accounts"] = accounts,
            ["paged"] = paged,
            ["acknowledgements"] = new JsonArray([.. acknowledgements.Select(a => (JsonNode)new JsonObject
            {
                ["by"] = a.By,
                ["personName"] = NameOf(a.By),
                ["at"] = a.At,
                ["activityId"] = a.ActivityId,
                ["escalationKey"] = a.EscalationKey,
                ["level"] = a.Level,
                ["round"] = a.Round,
            })]),
        };
        return TypedResults.Ok(view);
    }

    /// <summary>Sent messages show the provider's report when there is one (SMS: delivered, undelivered, failed), else "sent".</summary>
    private static string Delivery(string status, string? deliveryStatus) => status switch
    {
        OutboxStatus.Sent => deliveryStatus?.ToLowerInvariant() ?? "sent",
        OutboxStatus.Failed => "failed",
        _ => "pending",
    };

    private static string? Address(JsonObject? payload) => payload?["to"] switch
    {
        JsonArray { Count: > 0 } to => to[0]?.GetValue<string>(),
        JsonValue to when to.TryGetValue<string>(out var text) => text,
        _ => null,
    };

    private sealed record Acknowledgement(string EscalationKey, string? By, DateTimeOffset At, string ActivityId, int Level, int Round);
}
