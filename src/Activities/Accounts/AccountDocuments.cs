using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Activities.Accounts;

/// <summary>How an <see cref="Account"/> is kept in the document store: kind <c>account</c>, id = the account id, camelCase JSON.</summary>
public static class AccountDocuments
{
    public const string Kind = "account";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonObject ToBody(Account account) => (JsonObject)JsonSerializer.SerializeToNode(account, Json)!;

    /// <summary>Reads a stored body; null when it is not an account (a hand-edited document missing its id or customer).</summary>
    public static Account? FromBody(JsonObject body)
    {
        try
        {
            return body.Deserialize<Account>(Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static async ValueTask<Account?> GetAccountAsync(this IDocumentStore store, string id, CancellationToken cancellationToken = default) =>
        await store.GetAsync(Kind, id, cancellationToken) is { } document ? FromBody(document.Body) : null;
}
