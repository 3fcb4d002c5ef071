using System.Globalization;
using System.Net.Mail;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Storage;
using Orchestrator.Auth;

namespace Orchestrator.Api.People;

/// <summary>The body of <c>PUT /api/people/{id}</c>; the id comes from the route.</summary>
internal sealed record PersonRequest(
    string? Name,
    string? Email,
    string? Phone,
    string? Locale,
    IReadOnlyList<string>? Roles,
    string? Tier,
    string? Region,
    string? ManagerId,
    IReadOnlyList<string>? Channels,
    IReadOnlyList<string>? UrgentChannels,
    int? Revision);

/// <summary>
/// <c>PUT /api/people/{id}</c>: creates (201) or replaces (200) a person. With <c>revision</c> the write only succeeds
/// against that stored revision (0 = must not exist yet), so two editors cannot overwrite each other silently.
/// </summary>
internal static partial class PutPerson
{
    public static RouteHandlerBuilder Map(IEndpointRouteBuilder group) =>
        group.MapPut("/{id}", HandleAsync)
            .RequireAuthorization(AuthPolicies.ManageDirectory)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Creates or replaces a person");

    public static async Task<Results<Created<JsonObject>, Ok<JsonObject>, ValidationProblem, ProblemHttpResult>> HandleAsync(string id, PersonRequest request, IDocumentStore documents, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message) => errors[field] = [message];

        if (!IdPattern().IsMatch(id))
        {
            Fail("id", $"'{id}' is not a valid id: letters, digits, '.', '_', '-' and '@', at most 100 characters");
        }

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Fail("name", "name is required");
        }

        var email = Blank(request.Email);
        if (email is not null && !MailAddress.TryCreate(email, out _))
        {
            Fail("email", $"'{email}' is not an email address");
        }

        var phone = Blank(request.Phone);
        if (phone is not null && !E164().IsMatch(phone))
        {
            Fail("phone", $"'{phone}' is not a phone number in E.164 form (+ and up to 15 digits, e.g. +6591234567)");
        }

        var locale = Blank(request.Locale) ?? "en";
        try
        {
            _ = CultureInfo.GetCultureInfo(locale, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            Fail("locale", $"'{locale}' is not a known locale (BCP 47, e.g. en, de-DE)");
        }

        var channels = Channels("channels", request.Channels, Fail);
        var urgent = Channels("urgentChannels", request.UrgentChannels, Fail);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join("; ", errors.Values.SelectMany(e => e)));
        }

        var person = new Person
        {
            Id = id,
            Name = name!,
            Email = email,
            Phone = phone,
            Locale = locale,
            Roles = [.. (request.Roles ?? []).Select(r => r.Trim()).Where(r => r.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)],
            Tier = Blank(request.Tier)?.ToUpperInvariant(),
            Region = Blank(request.Region),
            ManagerId = Blank(request.ManagerId),
            Channels = channels,
            UrgentChannels = urgent,
        };

        var existed = request.Revision is not 0 && await PeopleEndpoints.FindAsync(documents, id, cancellationToken) is not null;
        StoredDocument stored;
        try
        {
            stored = await documents.PutAsync(PersonDocuments.Kind, id, PersonDocuments.ToBody(person), request.Revision, cancellationToken);
        }
        catch (DocumentConflictException ex)
        {
            return ApiProblems.Conflict($"person '{id}' is at revision {ex.ActualRevision}, not {request.Revision}; read it again and retry");
        }

        return existed ? TypedResults.Ok(PersonView.From(stored)) : TypedResults.Created($"/api/people/{id}", PersonView.From(stored));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Channels(string field, IReadOnlyList<string>? values, Action<string, string> fail)
    {
        var channels = (values ?? []).Select(c => c.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var unknown = channels.Where(c => !NotificationChannels.All.Contains(c)).ToList();
        if (unknown.Count > 0)
        {
            fail(field, $"unknown channel(s) {string.Join(", ", unknown.Select(c => $"'{c}'"))}; known: {string.Join(", ", NotificationChannels.All)}");
        }

        return channels;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,100}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();
}
