using System.Text.Json.Nodes;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Api.People;

/// <summary>A person as the API shows it: the stored document's fields, plus its revision for conditional writes.</summary>
internal static class PersonView
{
    public static JsonObject From(StoredDocument document)
    {
        var view = (JsonObject)document.Body.DeepClone();
        view["revision"] = document.Revision;
        view["updatedAt"] = document.UpdatedAt;
        return view;
    }
}

/// <summary>The people routes under <c>/api/people</c>: read by every role, written by admins and process owners.</summary>
internal static class PeopleEndpoints
{
    public static IEndpointRouteBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/people").WithTags("People").RequiresApiKey();
        ListPeople.Map(group);
        GetPerson.Map(group);
        PutPerson.Map(group);
        DeletePerson.Map(group);
        return app;
    }

    public static async ValueTask<StoredDocument?> FindAsync(IDocumentStore documents, string id, CancellationToken cancellationToken) =>
        await documents.GetAsync(PersonDocuments.Kind, id, cancellationToken);
}
