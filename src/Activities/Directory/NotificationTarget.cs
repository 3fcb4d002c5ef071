using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Activities.Directory;

/// <summary>What a target names.</summary>
public enum TargetKind
{
    /// <summary>A person by id: <c>person:alice</c>.</summary>
    Person,

    /// <summary>Whoever is on call in a rotation at the time: <c>rotation:l2-primary</c>.</summary>
    Rotation,

    /// <summary>Everyone working a support tier queue: <c>tier:L2</c>.</summary>
    Tier,

    /// <summary>A role on the account in context (<c>role:csm</c>), or everyone with that role when there is no account.</summary>
    Role,

    /// <summary>The stakeholders of the incident in context: <c>stakeholders</c>.</summary>
    Stakeholders,

    /// <summary>A raw address: <c>email:ops@example.com</c> or <c>sms:+6591234567</c>.</summary>
    Address,

    /// <summary>
    /// An account's contacts, each on the channels they prefer: <c>contacts</c> (the account in context),
    /// <c>contacts:acme</c>, with an optional filter <c>contacts:acme?role=technical&amp;topic=incidents</c>.
    /// </summary>
    Contacts,
}

/// <summary>
/// A recipient as a workflow author writes it: <c>kind:id</c>. Targets resolve to people at the moment of sending, so a
/// rotation pages whoever is on call then.
/// </summary>
public sealed record NotificationTarget(TargetKind Kind, string Id)
{
    public static NotificationTarget Parse(string text)
    {
        return TryParse(text, out var target, out var error) ? target : throw new FormatException(error);
    }

    public static bool TryParse(string? text, [NotNullWhen(true)] out NotificationTarget? target, [NotNullWhen(false)] out string? error)
    {
        target = null;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "a target is empty; expected kind:id (person:, rotation:, tier:, role:, email:, sms:, contacts:), 'contacts' or 'stakeholders'";
            return false;
        }

        if (trimmed.StartsWith("contacts", StringComparison.OrdinalIgnoreCase) && (trimmed.Length == 8 || trimmed[8] is ':' or '?'))
        {
            var rest = trimmed[8..].TrimStart(':').Trim();
            if (ContactFilter.Check(rest) is { } filterError)
            {
                error = $"target '{trimmed}': {filterError}";
                return false;
            }

            target = new NotificationTarget(TargetKind.Contacts, rest);
            error = null;
            return true;
        }

        if (trimmed.Equals("stakeholders", StringComparison.OrdinalIgnoreCase))
        {
            target = new NotificationTarget(TargetKind.Stakeholders, string.Empty);
            error = null;
            return true;
        }

        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? string.Empty : trimmed[..colon].ToLowerInvariant();
        var id = colon < 0 ? string.Empty : trimmed[(colon + 1)..].Trim();
        if (id.Length == 0)
        {
            error = $"target '{trimmed}' has no id; expected kind:id";
            return false;
        }

        target = kind switch
        {
            "person" => new NotificationTarget(TargetKind.Person, id),
            "rotation" => new NotificationTarget(TargetKind.Rotation, id),
            "tier" => new NotificationTarget(TargetKind.Tier, id.ToUpperInvariant()),
            "role" => new NotificationTarget(TargetKind.Role, id),
            "email" or "sms" => new NotificationTarget(TargetKind.Address, $"{kind}:{id}"),
            _ => null,
        };
        error = target is null ? $"target '{trimmed}' has an unknown kind '{kind}'; expected person, rotation, tier, role, email, sms, contacts or stakeholders" : null;
        return target is not null;
    }

    public override string ToString() => Kind switch
    {
        TargetKind.Stakeholders => "stakeholders",
        TargetKind.Contacts => Id.Length == 0 || Id[0] == '?' ? "contacts" + Id : "contacts:" + Id,
        TargetKind.Address => Id,
        _ => $"{Kind.ToString().ToLowerInvariant()}:{Id}",
    };
}

/// <summary>
/// The account and filter of a <see cref="TargetKind.Contacts"/> target: <c>acme?role=technical&amp;topic=incidents</c>,
/// <c>?topic=ticket-updates</c> or empty (the account in context, every contact).
/// </summary>
public sealed record ContactFilter(string? AccountId, string? Role, string? Topic)
{
    public static readonly IReadOnlyList<string> Keys = ["role", "topic"];

    public static ContactFilter Parse(string id)
    {
        var query = id.IndexOf('?', StringComparison.Ordinal);
        var account = (query < 0 ? id : id[..query]).Trim();
        string? role = null, topic = null;
        foreach (var pair in (query < 0 ? string.Empty : id[(query + 1)..]).Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals].Trim().ToLowerInvariant();
            var value = equals < 0 ? null : Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
            if (key == "role")
            {
                role = value;
            }
            else if (key == "topic")
            {
                topic = value;
            }
        }

        return new ContactFilter(account.Length == 0 ? null : account, role, topic);
    }

    /// <summary>Null when the filter reads; otherwise what is wrong with it.</summary>
    public static string? Check(string id)
    {
        var query = id.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return null;
        }

        foreach (var pair in id[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : pair[..equals].Trim().ToLowerInvariant();
            if (!Keys.Contains(key))
            {
                return $"unknown contact filter '{key}'; expected role= or topic=";
            }

            if (equals < 0 || pair[(equals + 1)..].Trim().Length == 0)
            {
                return $"contact filter '{key}' has no value";
            }
        }

        return null;
    }
}
