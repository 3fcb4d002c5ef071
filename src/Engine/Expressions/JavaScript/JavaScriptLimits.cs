using System.Globalization;

namespace Orchestrator.Engine.Expressions.JavaScript;

/// <summary>An immutable copy of <see cref="JavaScriptOptions"/>, so compiled expressions never see later edits.</summary>
internal sealed record JavaScriptLimits(
    TimeSpan Timeout,
    int MaxStatements,
    long MemoryLimitBytes,
    int MaxArraySize,
    int MaxRecursionDepth)
{
    public static JavaScriptLimits From(JavaScriptOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Jint reads a non-positive limit as "no limit"; a sandbox must not be disabled by a typo in configuration.
        if (options.Timeout <= TimeSpan.Zero || options.Timeout == TimeSpan.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "JavaScript Timeout must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxStatements, nameof(options.MaxStatements));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MemoryLimitBytes, nameof(options.MemoryLimitBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxArraySize, nameof(options.MaxArraySize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxRecursionDepth, nameof(options.MaxRecursionDepth));

        return new JavaScriptLimits(
            options.Timeout,
            options.MaxStatements,
            options.MemoryLimitBytes,
            options.MaxArraySize,
            options.MaxRecursionDepth);
    }

    public string DescribeTimeout() =>
        string.Create(CultureInfo.InvariantCulture, $"{Timeout.TotalMilliseconds:0.###} ms");

    public string DescribeMemory()
    {
        const long KiB = 1024;
        const long MiB = 1024 * KiB;
        if (MemoryLimitBytes % MiB == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{MemoryLimitBytes / MiB} MiB");
        }

        if (MemoryLimitBytes % KiB == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{MemoryLimitBytes / KiB} KiB");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{MemoryLimitBytes} bytes");
    }
}
