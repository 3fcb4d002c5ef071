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
            error = "a target is empty; expected kind:id (person:, rotation:, tier:, role:, email:, sms:) or 'stakeholders'";
            return false;
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
        error = target is null ? $"target '{trimmed}' has an unknown kind '{kind}'; expected person, rotation, tier, role, email, sms or stakeholders" : null;
        return target is not null;
    }

    public override string ToString() => Kind switch
    {
        TargetKind.Stakeholders => "stakeholders",
        TargetKind.Address => Id,
        _ => $"{Kind.ToString().ToLowerInvariant()}:{Id}",
    };
}
