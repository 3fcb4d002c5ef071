namespace Orchestrator.Engine.Compilation;

/// <summary>Something wrong in a definition: where (activity id, field) and what.</summary>
public sealed record CompileProblem(string? ActivityId, string? Field, string Message, ProblemSeverity Severity = ProblemSeverity.Error)
{
    public override string ToString()
    {
        var where = ActivityId ?? "(workflow)";
        return Field is null ? $"{where}: {Message}" : $"{where}: {Field}: {Message}";
    }
}

public enum ProblemSeverity
{
    Warning,
    Error,
}
