using System.Text.Json.Nodes;
using Orchestrator.Activities.Tasks;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Tests.Tasks;

public sealed class MilestoneTests : IAsyncLifetime
{
    private readonly TaskHarness _harness = new();

    public async ValueTask InitializeAsync() => await _harness.AddPersonAsync("alice");

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Gate_TwoTasks_PassesWhenTheLastIsDoneWithCounts()
    {
        var instance = await _harness.StartAsync(
            [
                TaskHarness.Activity("setup", "Orchestrator.AssignTask", ("title", "Technical setup"), ("owner", "person:alice"), ("milestone", "foundation")),
                TaskHarness.Activity("training", "Orchestrator.AssignTask", ("title", "Admin training"), ("owner", "person:alice"), ("milestone", "foundation")),
                TaskHarness.Activity("other", "Orchestrator.AssignTask", ("title", "Unrelated"), ("owner", "person:alice"), ("milestone", "adoption")),
                TaskHarness.Activity("gate", "Orchestrator.Milestone", ("milestone", "foundation")),
                TaskHarness.Activity("next", "Elsa.SetName", ("value", "adoption phase")),
            ],
            [("gate", Milestone.Done, "next")]);

        await Complete("setup");
        (await _harness.InstanceAsync(instance.Id)).Name.ShouldBeNull("one foundation task is still open");

        _harness.Clock.Advance(TimeSpan.FromHours(1));
        await _harness.SendAsync(_harness.TaskOf("training").Id, TaskStimulus.Input(TaskStimulus.Cancel, "alice", "done elsewhere"));

        var passed = await _harness.InstanceAsync(instance.Id);
        passed.Name.ShouldBe("adoption phase");
        passed.Bookmarks.ShouldContain(b => b.Name == TaskStimulus.Name && b.Key == _harness.TaskOf("other").Id, "the adoption task is not part of the gate");
        var gate = passed.Root!.ChildContexts.ShouldNotBeNull();
        gate.ShouldNotContain(c => c.Activity.Id == "gate");
    }

    [Fact]
    public async Task Gate_TaskCreatedWhileWaiting_HoldsTheGateToo()
    {
        var instance = await _harness.StartAsync(
            [
                TaskHarness.Activity("first", "Orchestrator.AssignTask", ("title", "First"), ("owner", "person:alice"), ("milestone", "m")),
                TaskHarness.Activity("follow-up", "Orchestrator.AssignTask", ("title", "Follow-up"), ("owner", "person:alice"), ("milestone", "m")),
                TaskHarness.Activity("gate", "Orchestrator.Milestone", ("milestone", "m")),
                TaskHarness.Activity("next", "Elsa.SetName", ("value", "passed")),
            ],
            [("first", AssignTask.Completed, "follow-up"), ("gate", Milestone.Done, "next")]);

        await Complete("first");
        (await _harness.InstanceAsync(instance.Id)).Name.ShouldBeNull("the follow-up task was created in the same burst and names the milestone");

        await Complete("follow-up");
        (await _harness.InstanceAsync(instance.Id)).Name.ShouldBe("passed");
    }

    [Fact]
    public async Task Gate_NoOpenTask_PassesAtOnce()
    {
        var instance = await _harness.StartAsync(
            [TaskHarness.Activity("gate", "Orchestrator.Milestone", ("milestone", "foundation")), TaskHarness.Activity("next", "Elsa.SetName", ("value", "passed"))],
            [("gate", Milestone.Done, "next")]);

        instance.Name.ShouldBe("passed");
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Gate_Result_CountsCompletedAndCancelledTasks()
    {
        var instance = await _harness.StartAsync(
            [
                TaskHarness.Activity("a", "Orchestrator.AssignTask", ("title", "A"), ("owner", "person:alice"), ("milestone", "m")),
                TaskHarness.Activity("b", "Orchestrator.AssignTask", ("title", "B"), ("owner", "person:alice"), ("milestone", "m")),
                TaskHarness.Activity("gate", "Orchestrator.Milestone", ("milestone", "m")),
            ],
            []);
        await Complete("a");
        await _harness.SendAsync(_harness.TaskOf("b").Id, TaskStimulus.Input(TaskStimulus.Cancel, null, null));

        var finished = await _harness.InstanceAsync(instance.Id);
        finished.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        finished.Root!.TryGetActivityOutput("gate", "Result", out var output).ShouldBeTrue();
        var result = output.ShouldBeAssignableTo<JsonNode>()!;
        ((int)result["total"]!).ShouldBe(2);
        ((int)result["completed"]!).ShouldBe(1);
        ((int)result["cancelled"]!).ShouldBe(1);
    }

    private async Task Complete(string activityId) =>
        await _harness.SendAsync(_harness.TaskOf(activityId).Id, TaskStimulus.Input(TaskStimulus.Complete, "alice", null));
}
