namespace Orchestrator.Activities.Escalation;

/// <summary>One thing wrong with a rotation or a policy: the JSON path of the field (<c>layers[1].handoffTime</c>) and what is wrong.</summary>
public sealed record FieldError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
