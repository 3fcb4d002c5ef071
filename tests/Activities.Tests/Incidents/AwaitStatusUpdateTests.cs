using System.Text.Json.Nodes;
using Orchestrator.Activities.Incidents;
using Orchestrator.Activities.Tests.Escalation;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Tests.Incidents;

public sealed class AwaitStatusUpdateTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Ports = [AwaitStatusUpdate.Updated, AwaitStatusUpdate.Late, AwaitStatusUpdate.Escalated, AwaitStatusUpdate.Resolved, AwaitStatusUpdate.Closed];

    private static async Task<ActivityHarness> HarnessAsync(string severity = "SEV1", TimeSpan? cadence = null)
    {
        var harness = new ActivityHarness(s => s.AddIncidents());
        await harness.AddPersonAsync("ida");
        var incident = new DeclaredIncident
        {
            Id = "INC-7",
            Title = "Portal down",
            Severity = severity,
            Priority = "P1",
            CommanderId = "ida",
            StatusUpdateCadence = cadence,
            DeclaredAt = Start,
        };
        await harness.Documents.PutAsync(IncidentDocuments.Kind, incident.Id, IncidentDocuments.ToBody(incident), cancellationToken: TestContext.Current.CancellationToken);
        return harness;
    }

    private static Task<WorkflowInstance> AwaitAsync(ActivityHarness harness, JsonObject? inputs = null)
    {
        var all = new JsonObject { ["incidentId"] = "INC-7" };
        foreach (var (name, value) in inputs ?? [])
        {
            all[name] = value?.DeepClone();
        }

        return harness.StartAsync("Orchestrator.AwaitStatusUpdate", all, Ports);
    }

    private static async Task MinutesAsync(ActivityHarness harness, int minutes)
    {
        for (var i = 0; i < minutes; i++)
        {
            await harness.AdvanceAsync(TimeSpan.FromMinutes(1));
        }
    }

    private static List<int> Reminders(ActivityHarness harness) =>
        [.. harness.Notifier.Sent.Where(s => s.Request.Template == AwaitStatusUpdate.DefaultTemplate).Select(s => (int)(s.At - Start).TotalMinutes)];

    private static Task<int> UpdateAsync(ActivityHarness harness, string text, string name = IncidentStimuli.Update) =>
        harness.DeliverAsync(name, "INC-7", IncidentStimuli.Input(new IncidentUpdate { Type = "update", Text = text, By = "ida", StatusPage = true }));

    [Fact]
    public async Task AwaitStatusUpdate_Sev1WithoutUpdates_RemindsTheCommanderEveryTwoHoursAndEscalatesHalfAnHourLater()
    {
        await using var harness = await HarnessAsync();
        await AwaitAsync(harness);

        await MinutesAsync(harness, 5 * 60);

        Reminders(harness).ShouldBe([120, 240]);
        harness.Notifier.Sent.ShouldAllBe(s => s.Target == "person:ida" && s.Request.Urgent && s.Request.IncidentId == "INC-7");
        harness.Outcomes.ShouldBe([AwaitStatusUpdate.Late, AwaitStatusUpdate.Escalated, AwaitStatusUpdate.Late, AwaitStatusUpdate.Escalated]);
        harness.Journal.Where(j => j.Event == JournalEvent.Note && j.Message!.Contains("escalating")).Select(j => (int)(j.Timestamp - Start).TotalMinutes).ShouldBe([150, 270]);
        harness.Notes.ShouldContain(n => n.Contains("reminded person:ida by sms"));
    }

    [Fact]
    public async Task AwaitStatusUpdate_UpdateBeforeDue_FiresUpdatedAndMovesTheNextDueTime()
    {
        await using var harness = await HarnessAsync();
        var instance = await AwaitAsync(harness);
        await MinutesAsync(harness, 100);

        (await UpdateAsync(harness, "Failover in progress")).ShouldBe(1);
        await MinutesAsync(harness, 119);

        Reminders(harness).ShouldBeEmpty();
        harness.Outcomes.ShouldBe([AwaitStatusUpdate.Updated]);
        var incident = await harness.ResultAsync(instance);
        incident["update"]!.GetValue<string>().ShouldBe("Failover in progress");
        incident["statusPage"]!.GetValue<bool>().ShouldBeTrue();
        incident["nextUpdate"]!.GetValue<string>().ShouldBe("2026-11-02 12:40 UTC");

        await MinutesAsync(harness, 1);
        Reminders(harness).ShouldBe([220]);
    }

    [Fact]
    public async Task AwaitStatusUpdate_UpdateAfterTheReminder_CancelsTheEscalation()
    {
        await using var harness = await HarnessAsync();
        await AwaitAsync(harness);
        await MinutesAsync(harness, 125);

        await UpdateAsync(harness, "Sorry, late: root cause found");
        await MinutesAsync(harness, 60);

        harness.Outcomes.ShouldBe([AwaitStatusUpdate.Late, AwaitStatusUpdate.Updated]);
    }

    [Fact]
    public async Task AwaitStatusUpdate_Resolved_CompletesAndStopsReminding()
    {
        await using var harness = await HarnessAsync();
        var instance = await AwaitAsync(harness);
        await MinutesAsync(harness, 30);

        (await UpdateAsync(harness, "Fixed", IncidentStimuli.Resolve)).ShouldBe(1);
        await MinutesAsync(harness, 300);

        harness.Outcomes.ShouldBe([AwaitStatusUpdate.Resolved]);
        Reminders(harness).ShouldBeEmpty();
        (await harness.InstanceAsync(instance)).SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        (await harness.ResultAsync(instance))["status"]!.GetValue<string>().ShouldBe("resolved");
    }

    [Fact]
    public async Task AwaitStatusUpdate_Closed_CompletesClosed()
    {
        await using var harness = await HarnessAsync();
        await AwaitAsync(harness);

        (await UpdateAsync(harness, "Duplicate incident", IncidentStimuli.Close)).ShouldBe(1);

        harness.Outcomes.ShouldBe([AwaitStatusUpdate.Closed]);
    }

    [Fact]
    public async Task AwaitStatusUpdate_CadenceInput_OverridesTheSeverityDefault()
    {
        await using var harness = await HarnessAsync();
        await AwaitAsync(harness, new JsonObject { ["cadence"] = "00:45:00", ["escalateAfter"] = "00:10:00" });

        await MinutesAsync(harness, 60);

        Reminders(harness).ShouldBe([45]);
        harness.Outcomes.ShouldBe([AwaitStatusUpdate.Late, AwaitStatusUpdate.Escalated]);
    }

    [Fact]
    public async Task AwaitStatusUpdate_IncidentCadence_IsUsedWhenNoInputGivesOne()
    {
        await using var harness = await HarnessAsync(cadence: TimeSpan.FromMinutes(30));
        await AwaitAsync(harness);

        await MinutesAsync(harness, 31);

        Reminders(harness).ShouldBe([30]);
    }

    [Fact]
    public async Task AwaitStatusUpdate_Sev3_HasNoCadenceAndOnlyWaitsForTheResolution()
    {
        await using var harness = await HarnessAsync(severity: "SEV3");
        await AwaitAsync(harness);

        await MinutesAsync(harness, 3 * 24 * 60 / 30);
        await harness.AdvanceAsync(TimeSpan.FromDays(3));

        Reminders(harness).ShouldBeEmpty();
        harness.Outcomes.ShouldBeEmpty();
        harness.Notes.ShouldContain(n => n.Contains("no status-update cadence"));
    }

    [Fact]
    public async Task AwaitStatusUpdate_UnknownIncidentWithoutCommander_FaultsNamingTheInput()
    {
        await using var harness = new ActivityHarness(s => s.AddIncidents());

        var instance = await harness.StartAsync("Orchestrator.AwaitStatusUpdate", new JsonObject { ["incidentId"] = "INC-404", ["severity"] = "P1" }, Ports);

        instance.SubStatus.ShouldBe(WorkflowSubStatus.Faulted);
        instance.Incidents.ShouldHaveSingleItem().Message.ShouldContain("input 'commander'");
    }
}
