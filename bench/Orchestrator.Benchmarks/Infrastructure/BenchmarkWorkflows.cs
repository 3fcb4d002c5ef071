using Orchestrator.Engine.Bookmarks;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Benchmarks.Infrastructure;

/// <summary>The benchmark workflows (Elsa 3 JSON embedded from <c>Workflows/</c>) and checks that a run did what it should.</summary>
public static class BenchmarkWorkflows
{
    /// <summary>Flowchart: SetVariable Priority (Int32), SetVariable IsUrgent (Boolean), FlowDecision on IsUrgent, WriteLine on each branch.</summary>
    public const string FiveActivityFlowchart = "five-activity-flowchart.json";

    /// <summary>Flowchart: WriteLine, Event "Approved", WriteLine.</summary>
    public const string StartResumeFlowchart = "start-resume-flowchart.json";

    /// <summary>The event the start/resume flowchart waits for.</summary>
    public const string ApprovedEvent = "Approved";

    public static WorkflowDefinition Load(string fileName)
    {
        var name = "Workflows." + fileName;
        using var stream = typeof(BenchmarkWorkflows).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded workflow '{name}' is missing");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return WorkflowDefinitionReader.Read(buffer.ToArray(), fileName);
    }

    /// <summary>Throws unless the run finished cleanly having run exactly <paramref name="expectedActivities"/> (and none of <paramref name="notExpected"/>).</summary>
    public static void EnsureFinished(RunResult result, IReadOnlyCollection<string> expectedActivities, IReadOnlyCollection<string> notExpected)
    {
        var instance = result.Instance;
        if (instance.Status != WorkflowStatus.Finished || instance.SubStatus != WorkflowSubStatus.Finished || instance.Incidents.Count > 0)
        {
            throw new InvalidOperationException($"the run ended {instance.Status}/{instance.SubStatus} with {instance.Incidents.Count} incident(s): {string.Join("; ", instance.Incidents.Select(i => i.Message))}");
        }

        EnsureCompleted(result, expectedActivities, notExpected);
    }

    /// <summary>Throws unless the run is suspended on exactly one bookmark for <paramref name="eventName"/>.</summary>
    public static Bookmark EnsureSuspendedOnEvent(RunResult result, string eventName)
    {
        var instance = result.Instance;
        if (instance.SubStatus != WorkflowSubStatus.Suspended || instance.Bookmarks.Count != 1 || instance.Bookmarks[0].Key != eventName)
        {
            throw new InvalidOperationException($"expected a run suspended on event '{eventName}', got {instance.Status}/{instance.SubStatus} with {instance.Bookmarks.Count} bookmark(s)");
        }

        return instance.Bookmarks[0];
    }

    public static void EnsureCompleted(RunResult result, IReadOnlyCollection<string> expectedActivities, IReadOnlyCollection<string> notExpected)
    {
        var completed = result.Changes.Journal
            .Where(e => e.Event == JournalEvent.Completed)
            .Select(e => e.ActivityId)
            .ToHashSet(StringComparer.Ordinal);
        var missing = expectedActivities.Where(a => !completed.Contains(a)).ToList();
        var unexpected = notExpected.Where(completed.Contains).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
        {
            throw new InvalidOperationException($"the run did not take the expected path: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]");
        }
    }
}
