namespace Orchestrator.Engine.Execution;

public enum WorkflowStatus
{
    Running,
    Finished,
}

public enum WorkflowSubStatus
{
    Pending,
    Executing,
    Suspended,
    Finished,
    Cancelled,
    Faulted,
}

public enum ActivityStatus
{
    Pending,
    Running,
    Completed,
    Canceled,
    Faulted,
}

/// <summary>How a flowchart decides when an activity with several inbound connections runs.</summary>
public enum FlowchartMode
{
    /// <summary>Elsa 3.5's default: every activity with several inbound connections waits for all of its live branches.</summary>
    Counter,

    /// <summary>Elsa 3.6+'s token flow: <c>customProperties.mergeMode</c> on the target decides (Stream by default).</summary>
    Token,
}

/// <summary>Options of the engine that hold for every run.</summary>
public sealed class EngineOptions
{
    public FlowchartMode FlowchartMode { get; set; } = FlowchartMode.Token;

    /// <summary>Largest number of activity executions in one burst, so a runaway loop ends as an incident instead of spinning forever.</summary>
    public int MaxActivitiesPerBurst { get; set; } = 1_000_000;

    /// <summary>
    /// How many instances a backlog of due timers resumes at once. A few timers fire one after the other in due order;
    /// a backlog (more than this many) fires in parallel lanes, one instance per lane at a time, so commits share fsyncs.
    /// </summary>
    public int TimerParallelism { get; set; } = 16;

    /// <summary>How many due timers are read from the store at a time: a backlog of any size is fired in pages of this many.</summary>
    public int TimerPageSize { get; set; } = 1_000;
}
