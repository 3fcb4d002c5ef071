namespace Orchestrator.Engine.Expressions.JavaScript;

/// <summary>Sandbox limits applied to every JavaScript evaluation.</summary>
/// <remarks>The evaluator copies these when it is constructed; changing them afterwards has no effect on it.</remarks>
public sealed class JavaScriptOptions
{
    /// <summary>Wall-clock budget of one evaluation, including converting its result.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(500);

    public int MaxStatements { get; set; } = 1_000_000;

    /// <summary>Bytes the script may allocate during one evaluation.</summary>
    public long MemoryLimitBytes { get; set; } = 32L * 1024 * 1024;

    public int MaxArraySize { get; set; } = 1_000_000;

    public int MaxRecursionDepth { get; set; } = 256;
}
