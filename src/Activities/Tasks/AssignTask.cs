using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Directory;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Sla;
using Orchestrator.Activities.Storage;
using Orchestrator.Engine.Activities;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Tasks;

/// <summary>
/// Gives a person (or whoever holds a role on the account) a task with a due date, reminds them before it is due and
/// when it is due, tells their manager when it is overdue, and waits until it is completed or cancelled. An overdue task
/// keeps waiting, so it can still be completed; only <c>completeWhenOverdue</c> ends the activity at the due time.
/// </summary>
[Activity(
    "Orchestrator.AssignTask",
    Category = "Tasks",
    DisplayName = "Assign task",
    Description = "Assigns a task to a person or a role on the account, with a business-day due date, reminders and escalation to the owner's manager.",
    Outcomes = [Completed, Overdue, Cancelled])]
public sealed class AssignTask : Activity
{
    public const string Completed = "Completed";
    public const string Overdue = "Overdue";
    public const string Cancelled = "Cancelled";

    /// <summary>The template of reminders, due notices and escalations.</summary>
    public const string ReminderTemplate = "task-reminder";

    /// <summary>The template that tells a person a task is theirs (on assignment and reassignment).</summary>
    public const string AssignedTemplate = "task-assigned";

    [Input(Description = "What to do.", Required = true)]
    public Input<string> Title { get; set; } = Input<string>.Empty;

    [Input(Description = "Details for the owner.", UIHint = "multiline")]
    public Input<string> Description { get; set; } = Input<string>.Empty;

    [Input(Description = "Who owns the task: a person (person:alice) or a role on the account (role:csm).", Required = true)]
    public Input<string> Owner { get; set; } = Input<string>.Empty;

    [Input(Description = "The account in context; role owners are resolved on it.")]
    public Input<string> AccountId { get; set; } = Input<string>.Empty;

    [Input(Description = "Due this many business days after the anchor, on the calendar.")]
    public Input<int?> DueInBusinessDays { get; set; } = Input<int?>.Empty;

    [Input(Description = "The business calendar for business-day offsets.")]
    public Input<string> CalendarId { get; set; } = Input<string>.Empty;

    [Input(Description = "The instant business days count from (a kickoff); now when empty.")]
    public Input<DateTimeOffset?> Anchor { get; set; } = Input<DateTimeOffset?>.Empty;

    [Input(Description = "An absolute due instant, instead of business days.")]
    public Input<DateTimeOffset?> DueAt { get; set; } = Input<DateTimeOffset?>.Empty;

    [Input(Description = "Reminders before the due time: business days (2d) or hours (4h), e.g. [\"2d\", \"4h\"].", UIHint = "json")]
    public Input<object> Reminders { get; set; } = Input<object>.Empty;

    [Input(Description = "How long after the due time the manager is told (1d = one business day, 4h = four hours).", DefaultValue = "1d")]
    public Input<string> EscalateAfter { get; set; } = Input<string>.Empty;

    [Input(Description = "Whose manager hears of an overdue task: empty for the owner's, or a target such as role:csm.")]
    public Input<string> EscalateToManagerOf { get; set; } = Input<string>.Empty;

    [Input(Description = "The milestone (phase gate) this task counts towards.")]
    public Input<string> Milestone { get; set; } = Input<string>.Empty;

    [Input(Description = "A phase label for playbook progress (Foundation, Adoption, ...).")]
    public Input<string> Phase { get; set; } = Input<string>.Empty;

    [Input(Description = "End with Overdue at the due time instead of waiting on (the task expires).", UIHint = "checkbox")]
    public Input<bool> CompleteWhenOverdue { get; set; } = Input<bool>.Empty;

    [Input(Description = "Tell the owner when the task is assigned.", UIHint = "checkbox", DefaultValue = "true")]
    public Input<bool> NotifyOwner { get; set; } = Input<bool>.Empty;

    [Output(Description = "The task record: id, owner, due time, status, completion comment.")]
    public Output<object> Task { get; set; } = Output<object>.Unbound;

    protected override async ValueTask ExecuteAsync(ActivityExecutionContext context)
    {
        var now = context.TimeProvider.GetUtcNow();
        var title = await context.EvaluateAsync(Title);
        if (string.IsNullOrWhiteSpace(title))
        {
            throw Invalid("title", "is empty");
        }

        var ownerText = await context.EvaluateAsync(Owner);
        if (!NotificationTarget.TryParse(ownerText, out var owner, out var error))
        {
            throw Invalid("owner", error);
        }

        var accountId = Blank(await context.EvaluateAsync(AccountId));
        var ownerPersonId = await ResolveOwnerAsync(context, owner, accountId, now);
        var calendarId = Blank(await context.EvaluateAsync(CalendarId));
        var anchor = await context.EvaluateAsync(Anchor) ?? now;
        var dueDays = await context.EvaluateAsync(DueInBusinessDays);
        var dueAt = await context.EvaluateAsync(DueAt);
        var businessTime = context.GetService<IBusinessTime>();
        int? businessDue = null;
        if (dueAt is null && dueDays is { } days)
        {
            if (days < 0)
            {
                throw Invalid("dueInBusinessDays", $"is {days}; it must be zero or more");
            }

            dueAt = await AddBusinessDaysAsync(context, businessTime, "dueInBusinessDays", calendarId, anchor, days);
            businessDue = days;
        }

        var completeWhenOverdue = await context.EvaluateAsync(CompleteWhenOverdue);
        var schedule = dueAt is { } due
            ? await ScheduleAsync(context, businessTime, calendarId, anchor, businessDue, due, completeWhenOverdue, now)
            : [];

        var task = new HumanTask
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            WorkflowInstanceId = context.WorkflowInstanceId,
            ActivityId = Id,
            DefinitionId = context.WorkflowDefinitionId,
            Title = title.Trim(),
            Description = Blank(await context.EvaluateAsync(Description)),
            OwnerPersonId = ownerPersonId,
            OwnerRole = owner.Kind == TargetKind.Role ? owner.Id : null,
            AccountId = accountId,
            Phase = Blank(await context.EvaluateAsync(Phase)),
            Milestone = Blank(await context.EvaluateAsync(Milestone)),
            DueAt = dueAt,
            Status = HumanTaskStatus.Open,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var state = new AssignTaskState
        {
            Task = task,
            Schedule = schedule,
            CompleteWhenOverdue = completeWhenOverdue,
            EscalateToManagerOf = Blank(await context.EvaluateAsync(EscalateToManagerOf)),
        };
        context.State = state;
        Publish(context, state);
        if (await context.EvaluateAsync(NotifyOwner))
        {
            await NotifyAsync(context, task, [new NotificationTarget(TargetKind.Person, task.OwnerPersonId)], AssignedTemplate, "assigned", "assigned");
        }

        context.CreateBookmark(TaskStimulus.Name, task.Id, new JsonObject { ["taskId"] = task.Id });
        ArmNextTimer(context, state);
        await Tasks.Milestone.ReevaluateAllAsync(context);
    }

    protected override async ValueTask ResumeAsync(ActivityExecutionContext context)
    {
        if (context.State is not AssignTaskState state)
        {
            throw new InvalidOperationException($"activity '{Id}' lost its task state");
        }

        if (context.ResumedBookmark?.Name == TaskStimulus.TimerName)
        {
            await OnTimerAsync(context, state);
            return;
        }

        var action = TaskAction.Parse(context.ResumeInput);
        var now = context.TimeProvider.GetUtcNow();
        switch (action.Action)
        {
            case TaskStimulus.Reassign:
                await ReassignAsync(context, state, action, now);
                break;
            default:
                var cancelled = action.Action == TaskStimulus.Cancel;
                state.Task = state.Task with
                {
                    Status = cancelled ? HumanTaskStatus.Cancelled : HumanTaskStatus.Completed,
                    CompletedAt = now,
                    CompletedBy = action.By,
                    Comment = action.Comment,
                    UpdatedAt = now,
                };
                Publish(context, state);
                await context.CompleteAsync(cancelled ? Cancelled : Completed);
                await Tasks.Milestone.ReevaluateAsync(context, state.Task.Milestone);
                break;
        }
    }

    protected override void OnCancelled(ActivityExecutionContext context)
    {
        // The run (or the branch holding the task) was cancelled: the task leaves the owner's list with it.
        if (context.State is AssignTaskState { Task.IsActive: true } state)
        {
            var now = context.TimeProvider.GetUtcNow();
            state.Task = state.Task with { Status = HumanTaskStatus.Cancelled, CompletedAt = now, UpdatedAt = now, Comment = "the workflow stopped waiting for this task" };
            Publish(context, state);
        }
    }

    protected override void WriteState(Utf8JsonWriter writer, object state) =>
        JsonSerializer.Serialize(writer, (AssignTaskState)state, TaskJson.Options);

    protected override object? ReadState(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element.Deserialize<AssignTaskState>(TaskJson.Options) : null;

    /// <summary>The live task of an execution of this activity, when it has one.</summary>
    internal static HumanTask? TaskOf(ActivityExecutionContext context) => (context.State as AssignTaskState)?.Task;

    private async ValueTask OnTimerAsync(ActivityExecutionContext context, AssignTaskState state)
    {
        var notice = state.Next < state.Schedule.Count ? state.Schedule[state.Next] : null;
        state.Next++;
        var task = state.Task;
        var owner = new NotificationTarget(TargetKind.Person, task.OwnerPersonId);
        switch (notice?.Kind)
        {
            case NoticeKind.Reminder:
                await NotifyAsync(context, task, [owner], ReminderTemplate, "reminder", $"reminder-{state.Next}", notice.Label);
                break;
            case NoticeKind.Due:
                var now = context.TimeProvider.GetUtcNow();
                state.Task = task = task with { Status = state.CompleteWhenOverdue ? HumanTaskStatus.Expired : HumanTaskStatus.Overdue, UpdatedAt = now };
                Publish(context, state);
                await NotifyAsync(context, task, [owner], ReminderTemplate, "overdue", "due");
                if (state.CompleteWhenOverdue)
                {
                    await context.CompleteAsync(Overdue);
                    await Tasks.Milestone.ReevaluateAsync(context, task.Milestone);
                    return;
                }

                break;
            case NoticeKind.Escalation:
                await EscalateAsync(context, state);
                break;
        }

        ArmNextTimer(context, state);
    }

    private async ValueTask ReassignAsync(ActivityExecutionContext context, AssignTaskState state, TaskAction action, DateTimeOffset now)
    {
        var task = state.Task;
        if (action.To is not { } to || to == task.OwnerPersonId)
        {
            context.JournalNote(action.To is null ? $"task {task.Id}: reassignment without a new owner ignored" : $"task {task.Id} already belongs to {task.OwnerPersonId}");
        }
        else
        {
            state.Task = task with
            {
                OwnerPersonId = to,
                OwnerRole = null,
                UpdatedAt = now,
                Reassignments = [.. task.Reassignments, new TaskReassignment(task.OwnerPersonId, to, action.By, now, action.Comment)],
            };
            Publish(context, state);
            context.JournalNote($"task {task.Id} reassigned from {task.OwnerPersonId} to {to}");
            await NotifyAsync(context, state.Task, [new NotificationTarget(TargetKind.Person, to)], AssignedTemplate, "reassigned", $"reassigned-{state.Task.Reassignments.Count}");
        }

        // The stimulus consumed the task's bookmark; wait for the next one.
        context.CreateBookmark(TaskStimulus.Name, task.Id, new JsonObject { ["taskId"] = task.Id });
    }

    private static async ValueTask EscalateAsync(ActivityExecutionContext context, AssignTaskState state)
    {
        var task = state.Task;
        var of = task.OwnerPersonId;
        if (state.EscalateToManagerOf is { } target && NotificationTarget.TryParse(target, out var parsed, out _))
        {
            var people = await context.GetRequiredService<IRecipientResolver>()
                .ResolveAsync(parsed, new RecipientContext(context.TimeProvider.GetUtcNow(), task.AccountId), context.CancellationToken);
            of = people.Count > 0 ? people[0].Id : of;
        }

        var person = await context.GetRequiredService<IDocumentStore>().GetAsync("person", of, context.CancellationToken);
        var managerId = person?.Body.Deserialize<Person>(TaskJson.Options)?.ManagerId;
        if (string.IsNullOrWhiteSpace(managerId))
        {
            context.JournalNote($"task {task.Id} is overdue but {of} has no manager to escalate to");
            return;
        }

        context.JournalNote($"task {task.Id} is overdue: escalated to {managerId}, manager of {of}");
        await NotifyAsync(context, task, [new NotificationTarget(TargetKind.Person, managerId)], ReminderTemplate, "escalation", "escalation", managerOf: of);
    }

    private static void ArmNextTimer(ActivityExecutionContext context, AssignTaskState state)
    {
        if (state.Next < state.Schedule.Count)
        {
            var notice = state.Schedule[state.Next];
            context.CreateBookmark(TaskStimulus.TimerName, state.Task.Id, new JsonObject { ["taskId"] = state.Task.Id, ["notice"] = notice.Kind.ToString() }, notice.At);
        }
    }

    private void Publish(ActivityExecutionContext context, AssignTaskState state)
    {
        var record = state.Task.ToJson();
        context.RecordTask(state.Task.Id, record);
        context.SetOutput(Task, record, "Task");
    }

    private static async ValueTask<string> ResolveOwnerAsync(ActivityExecutionContext context, NotificationTarget owner, string? accountId, DateTimeOffset now)
    {
        switch (owner.Kind)
        {
            case TargetKind.Person:
                return owner.Id;
            case TargetKind.Role:
                var people = await context.GetRequiredService<IRecipientResolver>().ResolveAsync(owner, new RecipientContext(now, accountId), context.CancellationToken);
                return people.Count > 0
                    ? people[0].Id
                    : throw Invalid("owner", $"'{owner}' names nobody{(accountId is null ? " (no accountId given)" : $" on account '{accountId}'")}");
            default:
                throw Invalid("owner", $"'{owner}' is not a person or a role; a task needs one owner (person:<id> or role:<role>)");
        }
    }

    private static async ValueTask<List<ScheduledNotice>> ScheduleAsync(
        ActivityExecutionContext context, IBusinessTime? businessTime, string? calendarId, DateTimeOffset anchor, int? dueDays, DateTimeOffset due, bool completeWhenOverdue, DateTimeOffset now)
    {
        var notices = new List<ScheduledNotice>();
        var self = (AssignTask)context.Activity;
        foreach (var offset in TaskOffset.ParseList("reminders", await context.EvaluateAsync(self.Reminders)))
        {
            DateTimeOffset? at = offset switch
            {
                { BusinessDays: false } => due - TimeSpan.FromHours(offset.Amount),

                // Counting back on the calendar is counting forward from the anchor to fewer days.
                { BusinessDays: true } when dueDays is { } n => n - offset.Amount > 0
                    ? await AddBusinessDaysAsync(context, businessTime, "reminders", calendarId, anchor, n - offset.Amount)
                    : null,
                _ => due - TimeSpan.FromDays(offset.Amount),
            };
            if (at is { } when && when > now && when < due)
            {
                notices.Add(new ScheduledNotice(when, NoticeKind.Reminder, $"{offset} before due"));
            }
        }

        notices.Add(new ScheduledNotice(due, NoticeKind.Due, "due"));
        if (!completeWhenOverdue)
        {
            var after = TaskOffset.Parse("escalateAfter", Blank(await context.EvaluateAsync(self.EscalateAfter)) ?? "1d");
            var escalation = after.BusinessDays
                ? calendarId is null ? due + TimeSpan.FromDays(after.Amount) : await AddBusinessDaysAsync(context, businessTime, "escalateAfter", calendarId, due, after.Amount)
                : due + TimeSpan.FromHours(after.Amount);
            notices.Add(new ScheduledNotice(escalation < due ? due : escalation, NoticeKind.Escalation, $"{after} after due"));
        }

        return [.. notices.OrderBy(n => n.At).ThenBy(n => n.Kind)];
    }

    private static async ValueTask<DateTimeOffset> AddBusinessDaysAsync(ActivityExecutionContext context, IBusinessTime? businessTime, string field, string? calendarId, DateTimeOffset from, int days)
    {
        if (calendarId is null)
        {
            throw Invalid("calendarId", $"is empty; '{field}' counts business days, which needs a calendar");
        }

        if (businessTime is null)
        {
            throw Invalid("calendarId", "cannot be used: no business-time service is registered");
        }

        try
        {
            return await businessTime.AddBusinessDaysAsync(calendarId, from, days, context.CancellationToken);
        }
        catch (UnknownCalendarException ex)
        {
            throw Invalid("calendarId", ex.Message);
        }
    }

    private static async ValueTask NotifyAsync(
        ActivityExecutionContext context, HumanTask task, IReadOnlyList<NotificationTarget> to, string template, string kind, string key, string? label = null, string? managerOf = null)
    {
        if (context.GetService<INotifier>() is not { } notifier)
        {
            context.JournalNote($"task {task.Id}: no notifier is configured; '{kind}' notice not sent");
            return;
        }

        var model = new JsonObject
        {
            ["event"] = kind,
            ["task"] = task.ToJson(),
            ["when"] = label,
            ["managerOf"] = managerOf,
        };
        await notifier.NotifyAsync(context, new NotifyRequest(to, template, model, AccountId: task.AccountId, Key: $"task-{task.Id}-{key}"));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static InvalidOperationException Invalid(string field, string message) => new($"input '{field}': {message}");
}

internal enum NoticeKind
{
    Reminder,
    Due,
    Escalation,
}

internal sealed record ScheduledNotice(DateTimeOffset At, NoticeKind Kind, string Label);

/// <summary>What an execution of <see cref="AssignTask"/> keeps between bursts: the task and its notices to come.</summary>
internal sealed class AssignTaskState
{
    public required HumanTask Task { get; set; }

    public List<ScheduledNotice> Schedule { get; set; } = [];

    /// <summary>Index of the next notice to send.</summary>
    public int Next { get; set; }

    public bool CompleteWhenOverdue { get; set; }

    public string? EscalateToManagerOf { get; set; }
}
