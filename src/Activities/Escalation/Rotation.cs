namespace Orchestrator.Activities.Escalation;

/// <summary>
/// An on-call rotation, stored as a <c>rotation</c> document. Layers take turns handing a shift from member to member;
/// where several layers have someone on call, the later layer wins, and an override wins over every layer.
/// </summary>
public sealed record Rotation
{
    public const string DocumentKind = "rotation";

    public string Id { get; init; } = string.Empty;

    public string? Name { get; init; }

    /// <summary>IANA time zone for layers that name none (<c>Asia/Singapore</c>).</summary>
    public string TimeZone { get; init; } = "UTC";

    public IReadOnlyList<RotationLayer> Layers { get; init; } = [];

    public IReadOnlyList<RotationOverride> Overrides { get; init; } = [];
}

/// <summary>One layer: its members hand over every <see cref="Length"/> at <see cref="HandoffTime"/> local time.</summary>
public sealed record RotationLayer
{
    public string? Name { get; init; }

    /// <summary>Person ids, in turn order.</summary>
    public IReadOnlyList<string> Members { get; init; } = [];

    /// <summary><c>daily</c>, <c>weekly</c>, <c>Nd</c> (N days) or <c>Nh</c> (N hours).</summary>
    public string Length { get; init; } = "weekly";

    /// <summary>The local date the first member's first shift starts (<c>yyyy-MM-dd</c>).</summary>
    public string Start { get; init; } = string.Empty;

    /// <summary>Local time of day shifts change hands (<c>HH:mm</c>).</summary>
    public string HandoffTime { get; init; } = "09:00";

    /// <summary>IANA time zone; the rotation's when absent.</summary>
    public string? TimeZone { get; init; }

    /// <summary>When the layer has anyone on call at all; none means always.</summary>
    public IReadOnlyList<RotationRestriction> Restrictions { get; init; } = [];
}

/// <summary>A window the layer is on call in: from <see cref="From"/> to <see cref="To"/> local time, starting on <see cref="Days"/>.</summary>
public sealed record RotationRestriction
{
    /// <summary>Days the window starts on (<c>mon</c>..<c>sun</c>); none means every day.</summary>
    public IReadOnlyList<string> Days { get; init; } = [];

    /// <summary><c>HH:mm</c>.</summary>
    public string From { get; init; } = "00:00";

    /// <summary><c>HH:mm</c>; at or before <see cref="From"/> the window runs past midnight into the next day.</summary>
    public string To { get; init; } = "00:00";
}

/// <summary>Someone covering the rotation for a span of time, whoever the layers say.</summary>
public sealed record RotationOverride
{
    public string PersonId { get; init; } = string.Empty;

    public DateTimeOffset From { get; init; }

    public DateTimeOffset To { get; init; }
}

/// <summary>Who is on call at an instant and why.</summary>
/// <param name="PersonIds">Empty when nobody is on call then.</param>
/// <param name="Source"><c>override</c>, the layer's name (or <c>layer N</c>), or null when nobody is on call.</param>
/// <param name="ShiftStart">When the current shift began (the override's or the layer's hand-off).</param>
/// <param name="ShiftEnd">When it ends, before restrictions and later layers are taken into account.</param>
public sealed record OnCall(IReadOnlyList<string> PersonIds, string? Source, DateTimeOffset? ShiftStart, DateTimeOffset? ShiftEnd);
