using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Escalation;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.Escalations;

/// <summary>
/// Create, read, replace and delete for a kind of configuration document kept in the document store (rotations,
/// escalation policies). A document is answered as its JSON with its <c>revision</c>; sending that revision back with
/// a replacement makes the write fail with 409 if someone else saved in between.
/// </summary>
internal sealed class ConfigDocuments<T>(string kind, string noun, Func<T, string> idOf, Func<T, string, T> withId, Func<T, IReadOnlyList<FieldError>> validate)
    where T : class
{
    public void Map(RouteGroupBuilder group)
    {
        group.MapGet("/", ListAsync).RequireAuthorization(AuthPolicies.Read).WithSummary($"Every {noun}");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(AuthPolicies.Read).WithSummary($"One {noun} with its revision");
        group.MapPost("/", CreateAsync).RequireAuthorization(AuthPolicies.ManageDefinitions).WithSummary($"Creates a {noun}; 409 if the id is taken");
        group.MapPut("/{id}", ReplaceAsync).RequireAuthorization(AuthPolicies.ManageDefinitions).WithSummary($"Creates or replaces a {noun}; with a revision, only if it is still current");
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization(AuthPolicies.ManageDefinitions).WithSummary($"Deletes a {noun}");
    }

    public static ValidationProblem Invalid(IEnumerable<FieldError> errors)
    {
        var list = errors.ToList();
        var byField = list.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return TypedResults.ValidationProblem(byField, detail: string.Join("; ", list));
    }

    private async Task<Ok<JsonArray>> ListAsync(IDocumentStore documents, CancellationToken cancellationToken)
    {
        var items = new JsonArray();
        foreach (var document in await documents.ListAsync(kind, cancellationToken))
        {
            items.Add(View(document));
        }

        return TypedResults.Ok(items);
    }

    private async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(string id, IDocumentStore documents, CancellationToken cancellationToken) =>
        await documents.GetAsync(kind, id, cancellationToken) is { } document ? TypedResults.Ok(View(document)) : ApiProblems.NotFound($"{noun} '{id}' does not exist");

    private async Task<Results<Created<JsonObject>, ValidationProblem, ProblemHttpResult>> CreateAsync(JsonNode? body, IDocumentStore documents, CancellationToken cancellationToken)
    {
        var (value, errors) = Read(body, null);
        if (value is null)
        {
            return Invalid(errors);
        }

        try
        {
            var stored = await documents.PutAsync(kind, idOf(value), EscalationJson.ToObject(value), expectedRevision: 0, cancellationToken);
            return TypedResults.Created($"{idOf(value)}", View(stored));
        }
        catch (DocumentConflictException)
        {
            return ApiProblems.Conflict($"{noun} '{idOf(value)}' already exists; PUT replaces it");
        }
    }

    private async Task<Results<Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> ReplaceAsync(string id, JsonNode? body, IDocumentStore documents, CancellationToken cancellationToken)
    {
        var (value, errors) = Read(body, id);
        if (value is null)
        {
            return Invalid(errors);
        }

        int? revision = body?["revision"] is JsonValue r && r.TryGetValue<int>(out var given) ? given : null;
        try
        {
            return TypedResults.Ok(View(await documents.PutAsync(kind, id, EscalationJson.ToObject(value), revision, cancellationToken)));
        }
        catch (DocumentConflictException ex)
        {
            return ApiProblems.Conflict($"{ex.Message}; read it again and reapply your change");
        }
    }

    private async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, IDocumentStore documents, CancellationToken cancellationToken) =>
        await documents.DeleteAsync(kind, id, cancellationToken) ? TypedResults.NoContent() : ApiProblems.NotFound($"{noun} '{id}' does not exist");

    private (T? Value, List<FieldError> Errors) Read(JsonNode? body, string? routeId)
    {
        if (!EscalationJson.TryRead<T>(body, out var value, out var error))
        {
            return (null, [error!]);
        }

        var bodyId = idOf(value!);
        if (routeId is not null)
        {
            if (bodyId.Length > 0 && bodyId != routeId)
            {
                return (null, [new FieldError("id", $"the body's id '{bodyId}' differs from the id in the path '{routeId}'")]);
            }

            value = withId(value!, routeId);
        }

        var errors = validate(value!).ToList();
        return errors.Count == 0 ? (value, errors) : (null, errors);
    }

    private static JsonObject View(StoredDocument document)
    {
        var view = (JsonObject)document.Body.DeepClone();
        view["id"] = document.Id;
        view["revision"] = document.Revision;
        view["updatedAt"] = document.UpdatedAt;
        return view;
    }
}
