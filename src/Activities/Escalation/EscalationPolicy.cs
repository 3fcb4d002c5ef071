using Orchestrator.Activities.Directory;

namespace Orchestrator.Activities.Escalation;

/// <summary>
/// Who to page, in what order, how long to wait between levels, and how often to go round again. Stored as an
/// <c>escalation-policy</c> document or written inline in an <c>Orchestrator.Escalate</c> activity.
/// </summary>
public sealed record EscalationPolicy
{
    public const string DocumentKind = "escalation-policy";

    public const int MaxRepeat = 20;

    /// <summary>Empty for an inline policy.</summary>
    public string Id { get; init; } = string.Empty;

    public string? Name { get; init; }

    public IReadOnlyList<EscalationLevel> Levels { get; init; } = [];

    /// <summary>How many more times the whole policy is run after the last level; then the escalation is exhausted.</summary>
    public int Repeat { get; init; }

    public static IReadOnlyList<FieldError> Validate(EscalationPolicy policy, bool requireId)
    {
        var errors = new List<FieldError>();
        if (requireId && string.IsNullOrWhiteSpace(policy.Id))
        {
            errors.Add(new("id", "the policy needs an id"));
        }

        if (policy.Levels is not { Count: > 0 })
        {
            errors.Add(new("levels", "a policy needs at least one level"));
        }

        if (policy.Repeat is < 0 or > MaxRepeat)
        {
            errors.Add(new("repeat", $"repeat must be 0 to {MaxRepeat}, not {policy.Repeat}"));
        }

        for (var i = 0; i < (policy.Levels?.Count ?? 0); i++)
        {
            var level = policy.Levels![i];
            var path = $"levels[{i}]";
            if (level.Targets is not { Count: > 0 })
            {
                errors.Add(new($"{path}.targets", "a level needs at least one target (person:, rotation:, tier:, role:, email:, sms:)"));
            }

            for (var t = 0; t < (level.Targets?.Count ?? 0); t++)
            {
                if (!NotificationTarget.TryParse(level.Targets![t], out _, out var error))
                {
                    errors.Add(new($"{path}.targets[{t}]", error));
                }
            }

            if (level.DelayMinutes is < 1 or > 10_080)
            {
                errors.Add(new($"{path}.delayMinutes", $"the delay must be 1 to 10080 minutes, not {level.DelayMinutes}"));
            }

            if (level.Mode is not (EscalationLevel.NotifyAll or EscalationLevel.RoundRobin))
            {
                errors.Add(new($"{path}.mode", $"'{level.Mode}' is not a mode; use {EscalationLevel.NotifyAll} or {EscalationLevel.RoundRobin}"));
            }
        }

        return errors;
    }
}

/// <summary>One level: its targets are paged together (or one at a time, round-robin), then it waits <see cref="DelayMinutes"/>.</summary>
public sealed record EscalationLevel
{
    public const string NotifyAll = "notify-all";

    public const string RoundRobin = "round-robin";

    /// <summary><c>kind:id</c> targets.</summary>
    public IReadOnlyList<string> Targets { get; init; } = [];

    /// <summary>How long to wait for an acknowledgement before the next level.</summary>
    public int DelayMinutes { get; init; } = 15;

    public string Mode { get; init; } = NotifyAll;
}
