using Orchestrator.Engine.Compilation;

namespace Orchestrator.Definitions;

/// <summary>The definition's current state forbids the operation (nothing published to retract, runs still using it).</summary>
internal sealed class DefinitionConflictException(string message) : Exception(message);

/// <summary>A version cannot be published because it does not compile cleanly; carries the errors.</summary>
internal sealed class DefinitionProblemsException(string message, IReadOnlyList<CompileProblem> problems) : Exception(message)
{
    public IReadOnlyList<CompileProblem> Problems { get; } = problems;
}
