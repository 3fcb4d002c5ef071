namespace Orchestrator.Notifications;

/// <summary>Configuration section <c>Orchestrator:Outbox</c>: how the dispatcher sends, retries and gives up.</summary>
internal sealed class OutboxOptions
{
    public const string Section = "Orchestrator:Outbox";

    /// <summary>Tries before a message is dead-lettered (status <c>Failed</c>).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed try; doubled after each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claimed message is left to its sender before another dispatch may take it over (a crash mid-send).</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public int BatchSize { get; set; } = 50;

    /// <summary>How often the dispatcher looks for messages due again (after back-off) when no commit wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Runs the background dispatcher; off leaves sending to whoever calls <see cref="OutboxDispatcher.DispatchDueAsync"/>.</summary>
    public bool Enabled { get; set; } = true;
}
