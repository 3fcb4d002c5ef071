namespace Orchestrator.Engine.Definitions;

/// <summary>A definition could not be read. The message names the file and, where known, the line, column or activity.</summary>
public sealed class DefinitionException : Exception
{
    public DefinitionException(string message)
        : base(message)
    {
    }

    public DefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DefinitionException()
    {
    }

    /// <summary>True when the file is JSON but not a definition at all (an array, a value), as opposed to a broken one.</summary>
    public bool NotADefinition { get; init; }
}
