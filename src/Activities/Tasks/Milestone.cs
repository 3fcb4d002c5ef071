using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Tasks;

/// <summary>
/// A phase gate: waits until every task of this run that names the milestone is completed or cancelled. A task that
/// names it and is created while the gate waits holds the gate too; one created after the gate has passed does not
/// reopen it. A gate with no open task passes at once.
/// </summary>
[Activity(
    "Orchestrator.Milestone",
    Category = "Tasks",
    DisplayName = "Milestone",
    Description = "Waits until every task of this run that names the milestone is completed or cancelled.",
    Outcomes = [Done])]
public sealed class Milestone : Activity
{
    public const string Done = "Done";

    /// <summary>The gate's bookmark; a stimulus on it (key <c>instanceId:milestone</c>) only makes the gate look again.</summary>
    public const string StimulusName = "Orchestrator.Milestone";

    [Input(Name = "milestone", Description = "The milestone name the tasks carry.", Required = true)]
    public Input<string> MilestoneName { get; set; } = Input<string>.Empty;

    [Output(Description = "The milestone, its task counts (total, completed, cancelled, expired) and when it was reached and passed.")]
    public Output<object> Result { get; set; } = Output<object>.Unbound;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var name = (await context.EvaluateAsync(MilestoneName))?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidOperationException("input 'milestone' is empty");
        }

        context.State = new MilestoneState(name, context.TimeProvider.GetUtcNow());
        if (!await TryPassAsync(context))
        {
            context.CreateBookmark(StimulusName, $"{context.WorkflowInstanceId}:{name}", new JsonObject { ["milestone"] = name });
        }
    }

    protected override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        if (!await TryPassAsync(context))
        {
            var name = ((MilestoneState)context.State!).Name;
            context.CreateBookmark(StimulusName, $"{context.WorkflowInstanceId}:{name}", new JsonObject { ["milestone"] = name });
        }
    }

    protected override void WriteState(Utf8JsonWriter writer, object state) =>
        JsonSerializer.Serialize(writer, (MilestoneState)state, TaskJson.Options);

    protected override object? ReadState(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element.Deserialize<MilestoneState>(TaskJson.Options) : null;

    /// <summary>
    /// Called by a task that just ended, in its own burst: every gate of the run waiting on its milestone looks again,
    /// so the gate passes in the same commit as the last task.
    /// </summary>
    internal static async ValueTask ReevaluateAsync(ActivityExecutionContext ended, string? milestone)
    {
        if (milestone is not null)
        {
            await ReevaluateWhereAsync(ended, s => s.Name == milestone);
        }
    }

    /// <summary>Called by a task that has just been assigned: a gate held only by this (then unknown) task may pass now.</summary>
    internal static ValueTask ReevaluateAllAsync(ActivityExecutionContext assigned) => ReevaluateWhereAsync(assigned, _ => true);

    private static async ValueTask ReevaluateWhereAsync(ActivityExecutionContext from, Func<MilestoneState, bool> which)
    {
        var gates = from.Instance.Contexts()
            .Where(c => c.Activity is Milestone && IsLive(c) && c.State is MilestoneState s && which(s))
            .ToList();
        foreach (var gate in gates)
        {
            await TryPassAsync(gate);
        }
    }

    private static async ValueTask<bool> TryPassAsync(ActivityExecutionContext context)
    {
        var state = (MilestoneState)context.State!;
        var tasks = context.Instance.Contexts().Where(c => c.Activity is AssignTask && IsLive(c)).ToList();

        // A task scheduled in this burst but not yet run may name the milestone; it looks at the gates again when it has run.
        if (tasks.Exists(c => c.Status == ActivityStatus.Pending || (AssignTask.TaskOf(c) is { IsActive: true } t && t.Milestone == state.Name)))
        {
            return false;
        }

        var ended = EndedTasks(context, state.Name);
        var result = new JsonObject
        {
            ["milestone"] = state.Name,
            ["total"] = ended.Count,
            ["completed"] = ended.Count(t => t.Status == HumanTaskStatus.Completed),
            ["cancelled"] = ended.Count(t => t.Status == HumanTaskStatus.Cancelled),
            ["expired"] = ended.Count(t => t.Status == HumanTaskStatus.Expired),
            ["reachedAt"] = state.ReachedAt,
            ["doneAt"] = context.TimeProvider.GetUtcNow(),
        };
        var self = (Milestone)context.Activity;
        context.SetOutput(self.Result, result);
        context.SetResult(result);
        await context.CompleteAsync(Done);
        return true;
    }

    /// <summary>The last record of each task activity of the run that named the milestone (its <c>Task</c> output).</summary>
    private static List<HumanTask> EndedTasks(ActivityExecutionContext context, string milestone)
    {
        var root = context.Activity;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        var tasks = new List<HumanTask>();
        var pending = new Stack<Activity>([root]);
        while (pending.TryPop(out var activity))
        {
            foreach (var child in activity.Children)
            {
                pending.Push(child);
            }

            if (activity is AssignTask
                && context.TryGetActivityOutput(activity.Name ?? activity.Id, "Task", out var output)
                && output is JsonNode node
                && HumanTask.FromJson(node) is { IsActive: false } task
                && task.Milestone == milestone
                && task.WorkflowInstanceId == context.WorkflowInstanceId)
            {
                tasks.Add(task);
            }
        }

        return tasks;
    }

    private static bool IsLive(ActivityExecutionContext context) =>
        context.Status is not (ActivityStatus.Completed or ActivityStatus.Canceled or ActivityStatus.Faulted);
}

internal sealed record MilestoneState(string Name, DateTimeOffset ReachedAt);
