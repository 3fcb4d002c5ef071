using System.Text.Json.Serialization;

namespace Orchestrator.Activities.Accounts;

/// <summary>
/// A customer account: who the customer is, how much attention its segment gets, and who works it (the CSM and the other
/// roles, each a person id). Stored as an <c>account</c> document; playbooks resolve <c>role:</c> owners through it.
/// </summary>
public sealed record Account
{
    public required string Id { get; init; }

    /// <summary>The customer's name.</summary>
    public required string Customer { get; init; }

    /// <summary>One of <see cref="AccountSegments.All"/>; it sets the CSM model and the check-in and review cadence (<see cref="SegmentPolicies"/>).</summary>
    public required string Segment { get; init; }

    /// <summary>The customer's bed count, when known; the segment must hold it (<see cref="SegmentPolicy.Fits"/>).</summary>
    public int? Beds { get; init; }

    /// <summary>Follow-the-sun region (<c>Americas</c>, <c>Europe</c>, <c>APAC</c>, <c>MEA</c>) or any region name.</summary>
    public string? Region { get; init; }

    /// <summary>BCP 47 locale for messages to the customer.</summary>
    public string Locale { get; init; } = "en";

    /// <summary>The business calendar for business-day due dates; empty = the calendar named after the region.</summary>
    public string? CalendarId { get; init; }

    /// <summary>Role name (<c>csm</c>, <c>executive-sponsor</c>, <c>implementation-engineer</c>, <c>trainer</c>, <c>customer-admin</c>) to person id.</summary>
    public IReadOnlyDictionary<string, string> Roles { get; init; } = new Dictionary<string, string>();

    /// <summary>The contract start date: QBRs and success reviews count from it.</summary>
    public DateOnly? ContractStart { get; init; }

    /// <summary>0-100; null when not measured yet.</summary>
    public int? HealthScore { get; init; }

    public IReadOnlyList<AccountContact> Contacts { get; init; } = [];

    /// <summary>The CSM's person id, when the account has one.</summary>
    [JsonIgnore]
    public string? CsmId => Roles.TryGetValue(AccountRoleNames.Csm, out var id) ? id : null;
}

/// <summary>
/// Someone at the customer to keep informed: either a person document (<c>personId</c>, which brings its own addresses)
/// or inline addresses. <c>Topics</c> says which notices they want; <c>Channels</c> in the order they want them.
/// </summary>
public sealed record AccountContact
{
    public string? PersonId { get; init; }

    public string? Name { get; init; }

    public string? Title { get; init; }

    /// <summary>What the contact is to the account (<c>technical</c>, <c>executive</c>, <c>billing</c>, ...); <c>contacts:acme?role=technical</c> picks by it.</summary>
    public string? Role { get; init; }

    public string? Email { get; init; }

    /// <summary>E.164 mobile number.</summary>
    public string? Phone { get; init; }

    public string? Locale { get; init; }

    /// <summary>Channels in order of preference (<c>email</c>, <c>sms</c>); empty = email.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>What the contact wants to hear about (<see cref="AccountContactTopics.All"/>); empty = everything.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [];
}

/// <summary>The customer segments of the success playbook; <see cref="SegmentPolicies"/> says what each one gets.</summary>
public static class AccountSegments
{
    public const string Enterprise = "Enterprise";
    public const string Regional = "Regional";
    public const string MidMarket = "Mid-market";
    public const string Small = "Small";

    public static IReadOnlyList<string> All { get; } = [Enterprise, Regional, MidMarket, Small];

    /// <summary>The canonical spelling of a segment (case-insensitive, <c>midmarket</c> accepted); null when unknown.</summary>
    public static string? Normalise(string? segment)
    {
        var compact = segment?.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        return All.FirstOrDefault(s => string.Equals(s.Replace("-", string.Empty, StringComparison.Ordinal), compact, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>Role names the shipped playbooks use.</summary>
public static class AccountRoleNames
{
    public const string Csm = "csm";
    public const string ExecutiveSponsor = "executive-sponsor";
    public const string ImplementationEngineer = "implementation-engineer";
    public const string Trainer = "trainer";
    public const string CustomerAdmin = "customer-admin";
}

/// <summary>What a contact can ask to be told about.</summary>
public static class AccountContactTopics
{
    public static IReadOnlyList<string> All { get; } = ["onboarding", "qbr", "success-review", "incidents", "status-updates", "renewal", TicketUpdates];

    /// <summary>Notices about the account's support tickets (initial response, status updates).</summary>
    public const string TicketUpdates = "ticket-updates";
}
