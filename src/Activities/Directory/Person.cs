namespace Orchestrator.Activities.Directory;

/// <summary>
/// Someone the orchestrator can assign work to or notify: a responder, a CSM, a manager, a customer contact.
/// Stored as a <c>person</c> document.
/// </summary>
public sealed record Person
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Email { get; init; }

    /// <summary>Mobile number in E.164 (<c>+6591234567</c>).</summary>
    public string? Phone { get; init; }

    /// <summary>BCP 47 locale for rendered messages (<c>en</c>, <c>de-DE</c>); templates fall back to English.</summary>
    public string Locale { get; init; } = "en";

    /// <summary>Roles such as <c>csm</c>, <c>support-agent</c>, <c>manager</c>, <c>implementation-engineer</c>.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Support tier (<c>L1</c>, <c>L2</c>, <c>L3</c>) when the person works a tier queue.</summary>
    public string? Tier { get; init; }

    /// <summary>Follow-the-sun region (<c>Americas</c>, <c>Europe</c>, <c>APAC</c>, <c>MEA</c>).</summary>
    public string? Region { get; init; }

    public string? ManagerId { get; init; }

    /// <summary>Channels in the order the person wants them (<c>email</c>, <c>sms</c>); empty means email only.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>Channels used for urgent messages (pages); empty means every channel the person has an address for.</summary>
    public IReadOnlyList<string> UrgentChannels { get; init; } = [];
}
