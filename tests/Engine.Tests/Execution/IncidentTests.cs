using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Engine.Compilation;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Engine.State;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Execution;

/// <summary>Exceptions in activities become incidents: the run faults (or goes on), and can be retried or cancelled.</summary>
public sealed class IncidentTests
{
    private const string ContinueStrategy = "Elsa.Workflows.IncidentStrategies.ContinueWithIncidentsStrategy, Elsa.Workflows.Core";

    [Fact]
    public async Task Run_ActivityThrows_FaultsWithAnIncidentNamingTheActivity()
    {
        await using var harness = FlakyHarness();
        var definition = await harness.ImportAsync(Sequential());

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        var instance = result.Instance;
        instance.Status.ShouldBe(WorkflowStatus.Finished);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("flaky");
        incident.ActivityType.ShouldBe("Test.Flaky");
        incident.ActivityNodeId.ShouldBe("Flowchart1:flaky");
        incident.Message.ShouldBe(FlakyActivity.FailureMessage);
        incident.ExceptionType.ShouldBe(nameof(TimeoutException));
        incident.Resolved.ShouldBeFalse();
        result.Changes.Incidents.ShouldHaveSingleItem().ShouldBeSameAs(incident);
        result.Changes.Journal.ShouldContain(e => e.ActivityId == "flaky" && e.Event == JournalEvent.Faulted);
        result.Changes.Journal.ShouldContain(e => e.Event == JournalEvent.WorkflowFaulted);
        harness.Lines.ShouldBe(["before"]);
    }

    [Fact]
    public async Task Retry_FaultedRun_RunsTheActivityAgainAndFinishes()
    {
        await using var harness = FlakyHarness();
        var instance = await harness.RunJsonAsync(Sequential());

        var result = await harness.Runtime.RetryAsync(instance.Id, TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished, string.Join("\n", result.Changes.Journal));
        result.Instance.Incidents.ShouldHaveSingleItem().Resolved.ShouldBeTrue();
        result.Changes.Journal.ShouldContain(e => e.ActivityId == "flaky" && e.Event == JournalEvent.Retried);
        result.Changes.Journal.ShouldContain(e => e.ActivityId == "flaky" && e.Event == JournalEvent.Completed);
        harness.Services.GetRequiredService<FlakyCounter>().Attempts.ShouldBe(2);
        harness.Lines.ShouldBe(["before", "after"]);
    }

    [Fact]
    public async Task Retry_RunThatIsNotFaulted_Throws()
    {
        await using var harness = FlakyHarness();
        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Flowchart([Wf.WriteLine("a", "a")])));

        var error = await Should.ThrowAsync<InvalidOperationException>(() => harness.Runtime.RetryAsync(instance.Id, TestContext.Current.CancellationToken).AsTask());

        error.Message.ShouldContain("only a faulted run can be retried");
    }

    [Fact]
    public async Task Retry_FaultedInParallelBranches_RunsTheWorkQueuedBehindTheFault()
    {
        await using var harness = FlakyHarness();
        var instance = await harness.RunJsonAsync(Branches());
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        harness.Lines.ShouldBeEmpty();

        await harness.Runtime.RetryAsync(instance.Id, TestContext.Current.CancellationToken);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Lines.Order(StringComparer.Ordinal).ShouldBe(["after flaky", "other branch"]);
    }

    [Fact]
    public async Task Run_ContinueWithIncidentsStrategy_EndsTheFaultedBranchAndFinishesTheRest()
    {
        await using var harness = FlakyHarness();
        var definition = await harness.ImportAsync(Branches(ContinueStrategy));

        var instance = await harness.RunAsync(definition);

        harness.Runtime.Compile(definition).IncidentStrategy.ShouldBe(IncidentStrategy.Continue);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Incidents.ShouldHaveSingleItem().ActivityId.ShouldBe("flaky");
        harness.Lines.ShouldBe(["other branch"]);
    }

    [Fact]
    public async Task Run_DefaultIncidentStrategy_IsFault()
    {
        await using var harness = FlakyHarness();
        var definition = await harness.ImportAsync(Branches());

        harness.Runtime.Compile(definition).IncidentStrategy.ShouldBe(IncidentStrategy.Fault);
    }

    [Fact]
    public async Task Cancel_SuspendedRun_CancelsItAndRemovesItsBookmarks()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Activity(
            "fork",
            "Elsa.Fork",
            ("branches", new JsonArray(Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("never"))), Wf.Activity("delay", "Elsa.Delay", ("timeSpan", Wf.Literal("01:00:00", "TimeSpan"))))))));
        var bookmarks = instance.Bookmarks.ToList();
        bookmarks.Count.ShouldBe(2);

        var result = await harness.Runtime.CancelAsync(instance.Id, TestContext.Current.CancellationToken);

        result.Instance.Status.ShouldBe(WorkflowStatus.Finished);
        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Cancelled);
        result.Instance.Bookmarks.ShouldBeEmpty();
        result.Changes.BookmarksRemoved.Select(b => b.Id).Order(StringComparer.Ordinal).ShouldBe(bookmarks.Select(b => b.Id).Order(StringComparer.Ordinal));
        result.Changes.BookmarksAdded.ShouldBeEmpty();
        result.Changes.Journal.ShouldContain(e => e.ActivityId == "wait" && e.Event == JournalEvent.Cancelled);
        result.Changes.Journal.ShouldContain(e => e.Event == JournalEvent.WorkflowCancelled);
        (await harness.Runtime.Bookmarks.FindByInstanceAsync(instance.Id, TestContext.Current.CancellationToken)).ShouldBeEmpty();
        (await harness.Runtime.PublishEventAsync("never", null, null, TestContext.Current.CancellationToken)).ShouldBeEmpty();
        harness.Clock.Advance(TimeSpan.FromHours(2));
        (await harness.Runtime.FireDueTimersAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancel_FaultedRun_CancelsItSoItCannotBeRetried()
    {
        await using var harness = FlakyHarness();
        var instance = await harness.RunJsonAsync(Sequential());

        var result = await harness.Runtime.CancelAsync(instance.Id, TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Cancelled);
        await Should.ThrowAsync<InvalidOperationException>(() => harness.Runtime.RetryAsync(instance.Id, TestContext.Current.CancellationToken).AsTask());
        harness.Lines.ShouldBe(["before"]);
    }

    [Fact]
    public async Task Run_ContinueWithIncidentsStrategy_JoinAfterTheFaultedBranchStillRuns()
    {
        await using var harness = FlakyHarness();
        var definition = await harness.ImportAsync(Wf.Definition(
            Wf.Flowchart(
                [Wf.Activity("start", "Elsa.Start"), Wf.Activity("flaky", "Test.Flaky"), Wf.WriteLine("other", "other branch"), Wf.Activity("join", "Elsa.FlowJoin", ("mode", Wf.Literal("WaitAllActive"))), Wf.WriteLine("end", "joined")],
                [("start", "Done", "flaky"), ("start", "Done", "other"), ("flaky", "Done", "join"), ("other", "Done", "join"), ("join", "Done", "end")]),
            options: new JsonObject { ["incidentStrategyType"] = ContinueStrategy }));

        var instance = await harness.RunAsync(definition);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        instance.Incidents.ShouldHaveSingleItem();
        harness.Lines.ShouldBe(["other branch", "joined"]);
    }

    [Fact]
    public async Task Cancel_FinishedRun_LeavesItFinished()
    {
        await using var harness = new WorkflowHarness();
        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Flowchart([Wf.WriteLine("a", "a")])));

        var result = await harness.Runtime.CancelAsync(instance.Id, TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
    }

    [Fact]
    public async Task Cancel_UnknownInstance_Throws() =>
        await Should.ThrowAsync<WorkflowNotFoundException>(async () =>
        {
            await using var harness = new WorkflowHarness();
            await harness.Runtime.CancelAsync("nope", TestContext.Current.CancellationToken);
        });

    [Fact]
    public async Task Run_RunawayLoop_EndsAsAnIncident()
    {
        await using var harness = new WorkflowHarness(configure: s => s.AddSingleton(new EngineOptions { MaxActivitiesPerBurst = 25 }));
        var loop = Wf.Activity("loop", "Elsa.While", ("condition", Wf.Literal(true, "Boolean")), ("body", Wf.WriteLine("tick", "tick")));

        var instance = await harness.RunJsonAsync(Wf.Definition(loop));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.Message.ShouldContain("more than 25 activities in one burst");
        incident.ActivityId.ShouldBe("tick");
        harness.Lines.Count.ShouldBe(24);
    }

    [Fact]
    public async Task Run_RunawayLoopWithContinueStrategy_StillEndsAsAnIncident()
    {
        await using var harness = new WorkflowHarness(configure: s => s.AddSingleton(new EngineOptions { MaxActivitiesPerBurst = 25 }));
        var loop = Wf.Activity("loop", "Elsa.While", ("condition", Wf.Literal(true, "Boolean")), ("body", Wf.WriteLine("tick", "tick")));
        var definition = await harness.ImportAsync(Wf.Definition(loop, options: new JsonObject { ["incidentStrategyType"] = ContinueStrategy }));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), timeout.Token);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        result.Instance.Incidents.ShouldHaveSingleItem().ExceptionType.ShouldBe(nameof(BurstLimitExceededException));
        harness.Lines.Count.ShouldBe(24);
    }

    [Fact]
    public async Task Run_RunawayFlowchartCycle_EndsAsAnIncident()
    {
        await using var harness = new WorkflowHarness(configure: s => s.AddSingleton(new EngineOptions { MaxActivitiesPerBurst = 10 }));

        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Flowchart(
            [Wf.WriteLine("ping", "ping"), Wf.WriteLine("pong", "pong")],
            [("ping", "Done", "pong"), ("pong", "Done", "ping")])));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        instance.Incidents.ShouldHaveSingleItem().Message.ShouldContain("endless loop");
    }

    [Theory]
    [InlineData("CSharp")]
    [InlineData("Python")]
    public async Task Run_UnsupportedExpressionLanguage_FaultsSayingItIsNotSupported(string language)
    {
        await using var harness = new WorkflowHarness();
        var json = Wf.Definition(Wf.Flowchart([Wf.Activity("say", "Elsa.WriteLine", ("text", Wf.Expression(language, "\"hello\"", "String")))]));
        var definition = await harness.ImportAsync(json);

        var instance = await harness.RunAsync(definition);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("say");
        incident.Message.ShouldContain("input 'text'");
        incident.Message.ShouldContain($"{language} expressions are not supported");
        harness.Lines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Compile_LiteralThatCannotConvert_IsAProblemAndAnIncidentNamingTheInput()
    {
        await using var harness = new WorkflowHarness();
        var definition = await harness.ImportAsync(Wf.Definition(Wf.Flowchart(
            [Wf.WriteLine("before", "before"), Wf.Activity("pause", "Elsa.Delay", ("timeSpan", Wf.Literal("abc", "TimeSpan")))],
            [("before", "Done", "pause")])));

        var compiled = harness.Runtime.Compile(definition);
        var instance = await harness.RunAsync(definition);

        var problem = compiled.Problems.ShouldHaveSingleItem();
        problem.ActivityId.ShouldBe("pause");
        problem.Field.ShouldBe("timeSpan");
        problem.Message.ShouldBe("cannot convert 'abc' to TimeSpan");
        problem.Severity.ShouldBe(ProblemSeverity.Error);
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("pause");
        incident.Message.ShouldStartWith("input 'timeSpan'");
        incident.Message.ShouldContain("cannot convert 'abc' to TimeSpan");
        harness.Lines.ShouldBe(["before"]);
    }

    [Fact]
    public async Task Run_FaultActivity_FaultsWithItsMessageAndCode()
    {
        await using var harness = new WorkflowHarness();

        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Flowchart(
            [Wf.Activity("fail", "Elsa.Fault", ("message", Wf.Literal("SLA breached")), ("code", Wf.Literal("SLA-1")))])));

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        var incident = instance.Incidents.ShouldHaveSingleItem();
        incident.Message.ShouldBe("SLA breached (code SLA-1)");
        incident.ExceptionType.ShouldBe("WorkflowFaultException");
    }

    [Fact]
    public async Task RaiseIncident_ActivityRaisesOne_RecordsItOpenWithoutFaultingAndTheRunGoesOn()
    {
        await using var harness = AlarmHarness();
        var definition = await harness.ImportAsync(Wf.Definition(Wf.Flowchart(
            [Wf.Activity("alarm", "Test.Alarm"), Wf.WriteLine("after", "after")],
            [("alarm", "Done", "after")])));

        var result = await harness.Runtime.StartAsync(definition, new StartWorkflowRequest(), TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        var incident = result.Instance.Incidents.ShouldHaveSingleItem();
        incident.IsFault.ShouldBeFalse();
        incident.Resolved.ShouldBeFalse();
        incident.ActivityId.ShouldBe("alarm");
        incident.ActivityType.ShouldBe("Test.Alarm");
        incident.Message.ShouldBe(AlarmActivity.AlarmMessage);
        incident.ExceptionType.ShouldBeNull();
        incident.Timestamp.ShouldBe(harness.Clock.GetUtcNow());
        result.Changes.Incidents.ShouldHaveSingleItem().ShouldBeSameAs(incident);
        result.Changes.Journal.ShouldContain(e => e.ActivityId == "alarm" && e.Event == JournalEvent.Note && e.Message == "incident: " + AlarmActivity.AlarmMessage);
        result.Changes.Journal.ShouldNotContain(e => e.Event == JournalEvent.Faulted);
        harness.Lines.ShouldBe(["after"]);
    }

    [Fact]
    public async Task Retry_FaultedRunWithARaisedIncident_ResolvesOnlyTheFault()
    {
        await using var harness = AlarmHarness();
        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Flowchart(
            [Wf.Activity("alarm", "Test.Alarm"), Wf.Activity("flaky", "Test.Flaky"), Wf.WriteLine("after", "after")],
            [("alarm", "Done", "flaky"), ("flaky", "Done", "after")])));
        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        instance.Incidents.Select(i => (i.ActivityId, i.IsFault)).ShouldBe([("alarm", false), ("flaky", true)]);

        var result = await harness.Runtime.RetryAsync(instance.Id, TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        result.Instance.Incidents.Select(i => (i.ActivityId, i.Resolved)).ShouldBe([("alarm", false), ("flaky", true)], "a retry answers the fault, not the raised incident");
        result.Changes.ResolvedIncidents.ShouldBe([result.Instance.Incidents[1].Id]);
        harness.Lines.ShouldBe(["after"]);
    }

    [Fact]
    public async Task ResolveIncident_RaisedIncident_MarksItResolvedAndJournalsWhoResolvedIt()
    {
        await using var harness = AlarmHarness();
        var instance = await harness.RunJsonAsync(Wf.Definition(Wf.Flowchart([Wf.Activity("alarm", "Test.Alarm"), Wf.Activity("wait", "Elsa.Event", ("eventName", Wf.Literal("go")))], [("alarm", "Done", "wait")])));
        var incident = instance.Incidents.ShouldHaveSingleItem();

        var result = await harness.Runtime.ResolveIncidentAsync(instance.Id, incident.Id, "ops@example.test", TestContext.Current.CancellationToken);

        result.Instance.SubStatus.ShouldBe(WorkflowSubStatus.Suspended, "resolving an incident does not move the run");
        result.Changes.ResolvedIncidents.ShouldBe([incident.Id]);
        result.Changes.Incidents.ShouldBeEmpty();
        result.Changes.Journal.ShouldHaveSingleItem().Message.ShouldBe($"incident {incident.Id} resolved by ops@example.test: {AlarmActivity.AlarmMessage}");
        var stored = await harness.Runtime.Instances.FindAsync(instance.Id, TestContext.Current.CancellationToken);
        stored!.Incidents.ShouldHaveSingleItem().Resolved.ShouldBeTrue();
        await Should.ThrowAsync<InvalidOperationException>(async () => await harness.Runtime.ResolveIncidentAsync(instance.Id, incident.Id, null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ResolveIncident_FaultOfAFaultedRun_ThrowsSayingToRetry()
    {
        await using var harness = FlakyHarness();
        var instance = await harness.RunJsonAsync(Sequential());

        var ex = await Should.ThrowAsync<InvalidOperationException>(async () => await harness.Runtime.ResolveIncidentAsync(instance.Id, instance.Incidents[0].Id, null, TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("retry or cancel");
        (await harness.Runtime.Instances.FindAsync(instance.Id, TestContext.Current.CancellationToken))!.Incidents.ShouldHaveSingleItem().Resolved.ShouldBeFalse();
    }

    [Fact]
    public async Task Serialize_RaisedIncident_KeepsThatItIsNoFault()
    {
        await using var harness = AlarmHarness();
        var definition = await harness.ImportAsync(Wf.Definition(Wf.Flowchart([Wf.Activity("alarm", "Test.Alarm"), Wf.Activity("flaky", "Test.Flaky")], [("alarm", "Done", "flaky")])));
        var instance = await harness.RunAsync(definition);

        var read = WorkflowStateSerializer.Deserialize(WorkflowStateSerializer.Serialize(instance), harness.Runtime.Compile(definition));

        read.Incidents.Select(i => (i.ActivityId, i.IsFault, i.Resolved)).ShouldBe([("alarm", false, false), ("flaky", true, false)]);
    }

    private static WorkflowHarness AlarmHarness() => new(
        configure: s => s.AddSingleton<FlakyCounter>(),
        engine: b => b.AddActivity<FlakyActivity>().AddActivity<AlarmActivity>());

    private static WorkflowHarness FlakyHarness() => new(
        configure: s => s.AddSingleton<FlakyCounter>(),
        engine: b => b.AddActivity<FlakyActivity>());

    /// <summary>before → flaky → after.</summary>
    private static string Sequential() => Wf.Definition(Wf.Flowchart(
        [Wf.WriteLine("before", "before"), Wf.Activity("flaky", "Test.Flaky"), Wf.WriteLine("after", "after")],
        [("before", "Done", "flaky"), ("flaky", "Done", "after")]));

    /// <summary>start → flaky → "after flaky", and start → "other branch".</summary>
    private static string Branches(string? incidentStrategy = null) => Wf.Definition(
        Wf.Flowchart(
            [Wf.Activity("start", "Elsa.Start"), Wf.Activity("flaky", "Test.Flaky"), Wf.WriteLine("afterFlaky", "after flaky"), Wf.WriteLine("other", "other branch")],
            [("start", "Done", "flaky"), ("flaky", "Done", "afterFlaky"), ("start", "Done", "other")]),
        options: incidentStrategy is null ? null : new JsonObject { ["incidentStrategyType"] = incidentStrategy });
}
