using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Orchestrator.Activities.Incidents;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;
using Orchestrator.Engine.Execution;
using Orchestrator.Journal;
using Orchestrator.Persistence;

namespace Orchestrator.Api.Incidents;

/// <summary>
/// <c>GET /api/incidents/{id}</c>: the incident with its update history, and from its run: the notifications queued
/// (who was told or paged, by which channel, with which template, and whether it was sent) and the acknowledgements
/// the run's journal records.
/// </summary>
internal static class GetIncident
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One incident with its status updates, notifications and acknowledgements");

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> HandleAsync(string id, IDocumentStore documents, Database database, IJournalStore journal, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await documents.GetIncidentAsync(id, cancellationToken) is not { } stored)
        {
            return ApiProblems.NotFound($"incident '{id}' does not exist");
        }

        var view = IncidentView.Of(stored.Incident, stored.Revision, time.GetUtcNow());
        var notifications = new JsonArray();
        var acknowledgements = new JsonArray();
        if (stored.Incident.InstanceId is { } instanceId)
        {
            await using var context = database.CreateContext();
            var outbox = await context.Outbox.AsNoTracking().Where(o => o.InstanceId == instanceId).OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(cancellationToken);
            foreach (var message in outbox)
            {
                var payload = JsonNode.Parse(message.Payload) as JsonObject;
                notifications.Add(new JsonObject
                {
                    ["at"] = new DateTimeOffset(message.CreatedAt, TimeSpan.Zero),
                    ["activityId"] = message.ActivityId,
                    ["channel"] = message.Channel,
                    ["personId"] = payload?["personId"]?.DeepClone(),
                    ["template"] = payload?["template"]?.DeepClone(),
                    ["status"] = message.Status,
                });
            }

            foreach (var entry in await journal.ListAsync(instanceId, cancellationToken))
            {
                if (entry.Event == JournalEvent.Note && entry.Message is { } note && note.Contains(" acknowledged by ", StringComparison.Ordinal))
                {
                    acknowledgements.Add(new JsonObject { ["at"] = entry.Timestamp, ["activityId"] = entry.ActivityId, ["note"] = note });
                }
            }
        }

        view["notifications"] = notifications;
        view["acknowledgements"] = acknowledgements;
        return TypedResults.Ok(view);
    }
}
