using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Directory;

/// <summary>
/// How a <see cref="Person"/> is kept in the document store: kind <c>person</c>, id = the person's id, body = the record
/// in camelCase JSON. Other features read people through this, so the shape stays in one place.
/// </summary>
public static class PersonDocuments
{
    public const string Kind = "person";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static JsonObject ToBody(Person person) => (JsonObject)JsonSerializer.SerializeToNode(person, Json)!;

    /// <summary>Reads a stored body; null when it is not a person (a hand-edited document missing its id or name).</summary>
    public static Person? FromBody(JsonObject body)
    {
        try
        {
            return body.Deserialize<Person>(Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static async ValueTask<Person?> GetAsync(this IDocumentStore store, string id, CancellationToken cancellationToken = default) =>
        await store.GetAsync(Kind, id, cancellationToken) is { } document ? FromBody(document.Body) : null;

    /// <summary>Every readable person, ordered by id so resolvers give a stable order.</summary>
    public static async ValueTask<IReadOnlyList<Person>> ListPeopleAsync(this IDocumentStore store, CancellationToken cancellationToken = default)
    {
        var documents = await store.ListAsync(Kind, cancellationToken);
        return [.. documents.Select(d => FromBody(d.Body)).OfType<Person>().OrderBy(p => p.Id, StringComparer.Ordinal)];
    }
}
