using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.People;

/// <summary><c>GET /api/people</c>: everyone in the directory, by id; <c>?role=</c> and <c>?tier=</c> narrow it.</summary>
internal static class ListPeople
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapGet(string.Empty, HandleAsync)
            .RequireAuthorization(AuthPolicies.Read)
            .WithSummary("Lists the people in the directory");

    public static async Task<Ok<List<JsonObject>>> HandleAsync(IDocumentStore documents, string? role, string? tier, CancellationToken cancellationToken)
    {
        var all = await documents.ListAsync(PersonDocuments.Kind, cancellationToken);
        var people = all
            .Select(d => (Document: d, Person: PersonDocuments.FromBody(d.Body)))
            .Where(p => p.Person is not null)
            .Where(p => role is null || p.Person!.Roles.Contains(role, StringComparer.OrdinalIgnoreCase))
            .Where(p => tier is null || string.Equals(p.Person!.Tier, tier, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => p.Document.Id, StringComparer.Ordinal)
            .Select(p => PersonView.From(p.Document))
            .ToList();
        return TypedResults.Ok(people);
    }
}
