using Orchestrator.Activities.Tasks;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Tests.Tasks;

public sealed class AssignTaskTests : IAsyncLifetime
{
    // The harness clock starts on Monday 2026-11-02 09:00 UTC; the calendar is Monday to Friday 09:00-17:00 UTC.
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly TaskHarness _harness = new();

    public async ValueTask InitializeAsync()
    {
        await _harness.AddPersonAsync("boss");
        await _harness.AddPersonAsync("alice", managerId: "boss", "csm");
        await _harness.AddPersonAsync("bob", managerId: "boss", "csm");
    }

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Execute_DueInBusinessDays_DueAtCloseOfTheLastBusinessDayAndOwnerTold()
    {
        var instance = await _harness.StartAsync(Task("task", ("owner", "person:alice"), ("dueInBusinessDays", 5), ("calendarId", "emea")));

        var task = _harness.TaskOf("task");
        task.DueAt.ShouldBe(new DateTimeOffset(2026, 11, 9, 17, 0, 0, TimeSpan.Zero), "five business days from Monday skip the weekend");
        task.Status.ShouldBe(HumanTaskStatus.Open);
        task.OwnerPersonId.ShouldBe("alice");
        task.WorkflowInstanceId.ShouldBe(instance.Id);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended);
        instance.Bookmarks.ShouldContain(b => b.Name == TaskStimulus.Name && b.Key == task.Id);
        _harness.Notifier.Sent.ShouldHaveSingleItem().ShouldBe(new SentNotice(Monday, "person:alice", AssignTask.AssignedTemplate, "assigned", $"task-{task.Id}-assigned"));
    }

    [Fact]
    public async Task Timers_RemindersBeforeDue_SentAtTheirInstantsThenOverdueNotice()
    {
        await _harness.StartAsync(Task("task", ("owner", "person:alice"), ("dueInBusinessDays", 5), ("calendarId", "emea"), ("reminders", new[] { "1d", "2h" })));
        var due = new DateTimeOffset(2026, 11, 9, 17, 0, 0, TimeSpan.Zero);

        await _harness.AdvanceToAsync(new DateTimeOffset(2026, 11, 6, 16, 59, 0, TimeSpan.Zero));
        Reminders().ShouldBeEmpty();
        await _harness.AdvanceToAsync(new DateTimeOffset(2026, 11, 6, 17, 0, 0, TimeSpan.Zero));
        await _harness.AdvanceToAsync(due - TimeSpan.FromHours(2));
        await _harness.AdvanceToAsync(due);

        Reminders().Select(n => (n.At, n.Event)).ShouldBe(
        [
            (new DateTimeOffset(2026, 11, 6, 17, 0, 0, TimeSpan.Zero), "reminder"),
            (due - TimeSpan.FromHours(2), "reminder"),
            (due, "overdue"),
        ]);
        Reminders().ShouldAllBe(n => n.To == "person:alice");
        _harness.TaskOf("task").Status.ShouldBe(HumanTaskStatus.Overdue);
    }

    [Fact]
    public async Task Timers_Overdue_ManagerToldOneBusinessDayLaterAndTaskCanStillBeCompleted()
    {
        var instance = await _harness.StartAsync(Task("task", ("owner", "person:alice"), ("dueInBusinessDays", 1), ("calendarId", "emea")));
        var due = new DateTimeOffset(2026, 11, 3, 17, 0, 0, TimeSpan.Zero);

        await _harness.AdvanceToAsync(due);
        Reminders().ShouldNotContain(n => n.To == "person:boss");
        await _harness.AdvanceToAsync(due.AddDays(1));

        var escalation = Reminders().Where(n => n.To == "person:boss").ShouldHaveSingleItem();
        escalation.Event.ShouldBe("escalation");
        escalation.At.ShouldBe(due.AddDays(1));
        (await _harness.InstanceAsync(instance.Id)).SubStatus.ShouldBe(WorkflowSubStatus.Suspended);

        var task = _harness.TaskOf("task");
        await _harness.SendAsync(task.Id, TaskStimulus.Input(TaskStimulus.Complete, "alice", "late but done"));

        var finished = await _harness.InstanceAsync(instance.Id);
        finished.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        _harness.TaskOf("task").Status.ShouldBe(HumanTaskStatus.Completed);
    }

    [Fact]
    public async Task Resume_CompleteStimulus_CompletesWithCommentAndWorkflowGoesOn()
    {
        var instance = await _harness.StartAsync(
            [Task("task", ("owner", "person:alice"), ("dueInBusinessDays", 3), ("calendarId", "emea")), TaskHarness.Activity("after", "Elsa.SetName", ("value", "after-completed"))],
            [("task", AssignTask.Completed, "after")]);
        var id = _harness.TaskOf("task").Id;
        _harness.Clock.Advance(TimeSpan.FromHours(3));

        await _harness.SendAsync(id, TaskStimulus.Input(TaskStimulus.Complete, "alice", "kickoff held"));

        var task = _harness.TaskOf("task");
        task.Status.ShouldBe(HumanTaskStatus.Completed);
        task.Comment.ShouldBe("kickoff held");
        task.CompletedBy.ShouldBe("alice");
        task.CompletedAt.ShouldBe(Monday.AddHours(3));
        var finished = await _harness.InstanceAsync(instance.Id);
        finished.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        finished.Name.ShouldBe("after-completed");
        finished.Bookmarks.ShouldBeEmpty("the reminder timers go with the task");
    }

    [Fact]
    public async Task Resume_Reassign_NewOwnerToldRecordedAndStillWaiting()
    {
        var instance = await _harness.StartAsync(Task("task", ("owner", "person:alice"), ("dueInBusinessDays", 3), ("calendarId", "emea")));
        var id = _harness.TaskOf("task").Id;

        await _harness.SendAsync(id, TaskStimulus.Input(TaskStimulus.Reassign, "lead", "alice is on leave", to: "bob"));

        var task = _harness.TaskOf("task");
        task.OwnerPersonId.ShouldBe("bob");
        task.Reassignments.ShouldHaveSingleItem().ShouldBe(new TaskReassignment("alice", "bob", "lead", Monday, "alice is on leave"));
        _harness.Notifier.Sent.ShouldContain(n => n.To == "person:bob" && n.Template == AssignTask.AssignedTemplate && n.Event == "reassigned");
        (await _harness.InstanceAsync(instance.Id)).Bookmarks.ShouldContain(b => b.Name == TaskStimulus.Name && b.Key == id);

        await _harness.AdvanceToAsync(task.DueAt!.Value);
        Reminders().ShouldContain(n => n.To == "person:bob" && n.Event == "overdue");
    }

    [Fact]
    public async Task Resume_Cancel_EndsWithCancelled()
    {
        var instance = await _harness.StartAsync(
            [Task("task", ("owner", "person:alice")), TaskHarness.Activity("after", "Elsa.SetName", ("value", "after-cancelled"))],
            [("task", AssignTask.Cancelled, "after")]);

        await _harness.SendAsync(_harness.TaskOf("task").Id, TaskStimulus.Input(TaskStimulus.Cancel, "lead", "not needed"));

        _harness.TaskOf("task").Status.ShouldBe(HumanTaskStatus.Cancelled);
        (await _harness.InstanceAsync(instance.Id)).Name.ShouldBe("after-cancelled");
    }

    [Fact]
    public async Task Cancel_WholeWorkflow_TaskCancelledWithIt()
    {
        var instance = await _harness.StartAsync(Task("task", ("owner", "person:alice"), ("dueInBusinessDays", 3), ("calendarId", "emea")));

        await _harness.Runtime.CancelAsync(instance.Id, TestContext.Current.CancellationToken);

        var task = _harness.TaskOf("task");
        task.Status.ShouldBe(HumanTaskStatus.Cancelled);
        task.CompletedAt.ShouldBe(Monday);
        (await _harness.InstanceAsync(instance.Id)).Bookmarks.ShouldBeEmpty();
    }

    [Fact]
    public async Task Execute_RoleOwner_ResolvedOnTheAccount()
    {
        await _harness.Documents.PutAsync("account", "acme", new System.Text.Json.Nodes.JsonObject { ["csm"] = "bob" }, cancellationToken: TestContext.Current.CancellationToken);

        await _harness.StartAsync(Task("task", ("owner", "role:csm"), ("accountId", "acme")));

        var task = _harness.TaskOf("task");
        task.OwnerPersonId.ShouldBe("bob");
        task.OwnerRole.ShouldBe("csm");
        task.AccountId.ShouldBe("acme");
    }

    [Fact]
    public async Task Timers_CompleteWhenOverdue_EndsWithOverdueAndTaskExpires()
    {
        var instance = await _harness.StartAsync(Task("task", ("owner", "person:alice"), ("dueAt", "2026-11-02T12:00:00Z"), ("completeWhenOverdue", true)));

        await _harness.AdvanceToAsync(Monday.AddHours(3));

        _harness.TaskOf("task").Status.ShouldBe(HumanTaskStatus.Expired);
        var journal = (await _harness.InstanceAsync(instance.Id)).SubStatus;
        journal.ShouldBe(WorkflowSubStatus.Finished);
        Reminders().ShouldHaveSingleItem().Event.ShouldBe("overdue");
    }

    [Fact]
    public async Task Execute_BusinessDaysWithoutCalendar_FaultNamesCalendarId()
    {
        var definition = TaskHarness.Activity("task", "Orchestrator.AssignTask", ("title", "Kickoff"), ("owner", "person:alice"), ("dueInBusinessDays", 2));

        var instance = await _harness.StartAsync([definition], [], faultExpected: true);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("task");
        incident.Message.ShouldBe("input 'calendarId': is empty; 'dueInBusinessDays' counts business days, which needs a calendar");
        _harness.Tasks.ShouldBeEmpty("a task that could not be assigned is not listed");
    }

    private static System.Text.Json.Nodes.JsonObject Task(string id, params (string Key, object? Value)[] inputs) =>
        TaskHarness.Activity(id, "Orchestrator.AssignTask", [("title", "Kickoff call"), .. inputs]);

    private List<SentNotice> Reminders() => [.. _harness.Notifier.Sent.Where(n => n.Template == AssignTask.ReminderTemplate)];
}
