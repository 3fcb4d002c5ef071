using System.ComponentModel;
using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Orchestrator.Activities.Accounts;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;

namespace Orchestrator.Api.Accounts;

/// <summary>An account as the API takes it (POST and PUT); the id comes from the route on PUT, from the body or the customer name on POST.</summary>
internal sealed record AccountRequest(
    string? Id,
    string? Customer,
    string? Segment,
    string? Region,
    string? Locale,
    string? CalendarId,
    Dictionary<string, string?>? Roles,
    DateOnly? ContractStart,
    int? HealthScore,
    IReadOnlyList<ContactRequest?>? Contacts,
    int? Revision,
    [property: Description("The customer's bed count. Without a segment it sets one: 500+ Enterprise, 50-499 Regional, 10-49 Mid-market, 0-9 Small; with a segment the two must agree.")]
    int? Beds = null);

internal sealed record ContactRequest(
    string? PersonId,
    string? Name,
    string? Title,
    string? Email,
    string? Phone,
    string? Locale,
    IReadOnlyList<string>? Channels,
    IReadOnlyList<string>? Topics,
    string? Role = null);

/// <summary>
/// Checks an account request against the directory and builds the account; every problem is reported under the field
/// it concerns (<c>roles.trainer</c>, <c>contacts[1].email</c>), all at once.
/// </summary>
internal static partial class AccountValidation
{
    public static async ValueTask<(Account? Account, Dictionary<string, string[]> Errors)> ValidateAsync(
        string id, AccountRequest request, IDocumentStore documents, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message) => errors[field] = errors.TryGetValue(field, out var m) ? [.. m, message] : [message];

        if (!IdPattern().IsMatch(id))
        {
            Fail("id", $"'{id}' is not a valid id: letters, digits, '.', '_', '-' and '@', at most 100 characters");
        }

        var customer = Blank(request.Customer);
        if (customer is null)
        {
            Fail("customer", "customer is required");
        }

        if (string.Equals(id, ReservedId, StringComparison.OrdinalIgnoreCase))
        {
            Fail("id", $"'{id}' is reserved: GET /api/accounts/{ReservedId} lists the segment policy");
        }

        if (request.Beds is < 0)
        {
            Fail("beds", $"{request.Beds} is not a bed count; give 0 or more");
        }

        var segment = SegmentOf(request, Fail);

        var locale = CheckLocale("locale", Blank(request.Locale) ?? "en", Fail);
        var calendarId = Blank(request.CalendarId);
        if (calendarId is not null && await documents.GetAsync(CalendarStore.Kind, calendarId, cancellationToken) is null)
        {
            Fail("calendarId", $"no calendar '{calendarId}'");
        }

        if (request.HealthScore is < 0 or > 100)
        {
            Fail("healthScore", $"{request.HealthScore} is out of range; a health score is 0 to 100");
        }

        var roles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, personId) in request.Roles ?? [])
        {
            var role = name.Trim().ToLowerInvariant();
            var field = $"roles.{role}";
            if (!RolePattern().IsMatch(role))
            {
                Fail(field, $"'{name}' is not a role name: lower-case letters, digits and '-'");
            }
            else if (Blank(personId) is not { } holder)
            {
                Fail(field, "names no person; give a person id or leave the role out");
            }
            else if (await documents.GetAsync(PersonDocuments.Kind, holder, cancellationToken) is null)
            {
                Fail(field, $"no person '{holder}'");
            }
            else
            {
                roles[role] = holder;
            }
        }

        var contacts = new List<AccountContact>();
        for (var i = 0; i < (request.Contacts?.Count ?? 0); i++)
        {
            if (await ContactAsync($"contacts[{i}]", request.Contacts![i], documents, Fail, cancellationToken) is { } contact)
            {
                contacts.Add(contact);
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new Account
        {
            Id = id,
            Customer = customer!,
            Segment = segment!,
            Beds = request.Beds,
            Region = Blank(request.Region),
            Locale = locale,
            CalendarId = calendarId,
            Roles = roles,
            ContractStart = request.ContractStart,
            HealthScore = request.HealthScore,
            Contacts = contacts,
        }, errors);
    }

    /// <summary>How segment and beds go together, for the OpenAPI description of the writes.</summary>
    public const string SegmentRules =
        "Give a segment (Enterprise, Regional, Mid-market, Small), a bed count (beds), or both. Beds without a segment set the " +
        "segment: 500+ Enterprise, 50-499 Regional, 10-49 Mid-market, 0-9 Small. When both are given and the beds fall outside " +
        "the segment's range the answer is 400 under 'segment' (e.g. 'Enterprise needs 500 or more beds; 120 beds is Regional'). " +
        "Every problem is named under its field (roles.csm, contacts[1].email). The account answered carries segmentPolicy: " +
        "the segment's CSM model, check-in and review cadence and bed range.";

    /// <summary>The route that lists the segment policy; an account by that id could not be read back.</summary>
    public const string ReservedId = "segments";

    /// <summary>The segment as given, or derived from the bed count when none is given; a given segment must hold the beds.</summary>
    private static string? SegmentOf(AccountRequest request, Action<string, string> fail)
    {
        var beds = request.Beds is >= 0 ? request.Beds : null;
        if (string.IsNullOrWhiteSpace(request.Segment))
        {
            if (beds is { } count)
            {
                return SegmentPolicies.ForBeds(count).Segment;
            }

            if (request.Beds is null)
            {
                fail("segment", $"segment is required: one of {string.Join(", ", AccountSegments.All)}, or give beds to derive it");
            }

            return null;
        }

        if (SegmentPolicies.For(request.Segment) is not { } policy)
        {
            fail("segment", $"'{request.Segment}' is not a segment; expected one of {string.Join(", ", AccountSegments.All)}");
            return null;
        }

        if (beds is { } given && SegmentPolicies.Mismatch(policy, given) is { } mismatch)
        {
            fail("segment", mismatch);
        }

        return policy.Segment;
    }

    /// <summary>A readable id from a customer name: <c>Mercy Health Partners</c> becomes <c>mercy-health-partners</c>.</summary>
    public static string Slug(string customer)
    {
        var slug = NotSlug().Replace(customer.Trim().ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 100 ? slug[..100].TrimEnd('-') : slug;
    }

    private static async ValueTask<AccountContact?> ContactAsync(string prefix, ContactRequest? request, IDocumentStore documents, Action<string, string> fail, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            fail(prefix, "is empty; a contact needs a personId or a name and an email or phone");
            return null;
        }

        var personId = Blank(request.PersonId);
        var name = Blank(request.Name);
        var email = Blank(request.Email);
        var phone = Blank(request.Phone);
        if (personId is not null && await documents.GetAsync(PersonDocuments.Kind, personId, cancellationToken) is null)
        {
            fail($"{prefix}.personId", $"no person '{personId}'");
        }

        if (personId is null && name is null)
        {
            fail($"{prefix}.name", "a contact without a personId needs a name");
        }

        if (personId is null && email is null && phone is null)
        {
            fail($"{prefix}.email", "a contact without a personId needs an email or a phone");
        }

        if (email is not null && !MailAddress.TryCreate(email, out _))
        {
            fail($"{prefix}.email", $"'{email}' is not an email address");
        }

        if (phone is not null && !E164().IsMatch(phone))
        {
            fail($"{prefix}.phone", $"'{phone}' is not a phone number in E.164 form (+ and up to 15 digits, e.g. +6591234567)");
        }

        var locale = Blank(request.Locale) is { } l ? CheckLocale($"{prefix}.locale", l, fail) : null;
        var channels = (request.Channels ?? []).Select(c => c.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (channels.Where(c => !NotificationChannels.All.Contains(c)).ToList() is { Count: > 0 } unknownChannels)
        {
            fail($"{prefix}.channels", $"unknown channel(s) {string.Join(", ", unknownChannels.Select(c => $"'{c}'"))}; known: {string.Join(", ", NotificationChannels.All)}");
        }
        else if (personId is null && channels.Contains(NotificationChannels.Sms) && phone is null)
        {
            fail($"{prefix}.channels", "'sms' needs a phone");
        }

        var topics = (request.Topics ?? []).Select(t => t.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (topics.Where(t => !AccountContactTopics.All.Contains(t)).ToList() is { Count: > 0 } unknownTopics)
        {
            fail($"{prefix}.topics", $"unknown topic(s) {string.Join(", ", unknownTopics.Select(t => $"'{t}'"))}; known: {string.Join(", ", AccountContactTopics.All)}");
        }

        return new AccountContact
        {
            PersonId = personId,
            Name = name,
            Title = Blank(request.Title),
            Role = Blank(request.Role)?.ToLowerInvariant(),
            Email = email,
            Phone = phone,
            Locale = locale,
            Channels = channels,
            Topics = topics,
        };
    }

    private static string CheckLocale(string field, string locale, Action<string, string> fail)
    {
        try
        {
            _ = CultureInfo.GetCultureInfo(locale, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            fail(field, $"'{locale}' is not a known locale (BCP 47, e.g. en, de-DE)");
        }

        return locale;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex(@"^[A-Za-z0-9._@-]{1,100}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex RolePattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
