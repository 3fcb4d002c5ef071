namespace Orchestrator.Engine.Activities.Primitives;

/// <summary>Where <c>Elsa.WriteLine</c> writes. Register one to capture output; without it, lines go to the console.</summary>
public sealed class StandardOutput(TextWriter writer)
{
    public TextWriter Writer { get; } = writer;
}
