namespace Orchestrator.Engine.Expressions.Liquid;

/// <summary>Sandbox limits and clock settings for Liquid templates.</summary>
/// <remarks>The evaluator copies these values when it is built, so changing them later has no effect on it.</remarks>
public sealed class LiquidOptions
{
    /// <summary>Statements one render may run before it is stopped; this is what ends runaway loops such as <c>(1..100000000)</c>.</summary>
    public int MaxSteps { get; set; } = 100_000;

    /// <summary>How deeply blocks (for loops, includes) may nest.</summary>
    public int MaxRecursion { get; set; } = 64;

    /// <summary>The zone <c>'now'</c> and <c>'today'</c> are shown in, and in which dates written without an offset are read.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;
}
