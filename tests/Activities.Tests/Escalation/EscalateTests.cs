using System.Text.Json.Nodes;
using Orchestrator.Activities.Escalation;
using Orchestrator.Activities.Notifications;
using Orchestrator.Engine.Execution;

namespace Orchestrator.Activities.Tests.Escalation;

public sealed class EscalateTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static JsonObject ThreeLevels(int repeat = 1) => new()
    {
        ["levels"] = new JsonArray
        {
            new JsonObject { ["targets"] = new JsonArray("person:alice"), ["delayMinutes"] = 5 },
            new JsonObject { ["targets"] = new JsonArray("person:bob"), ["delayMinutes"] = 10 },
            new JsonObject { ["targets"] = new JsonArray("person:carol"), ["delayMinutes"] = 15 },
        },
        ["repeat"] = repeat,
    };

    private static async Task<ActivityHarness> HarnessWithPeopleAsync()
    {
        var harness = new ActivityHarness();
        foreach (var id in new[] { "alice", "bob", "carol", "dave" })
        {
            await harness.AddPersonAsync(id);
        }

        return harness;
    }

    private static async Task<WorkflowInstance> EscalateAsync(ActivityHarness harness, JsonObject policy, string? ackTimeout = null)
    {
        var inputs = new JsonObject { ["policy"] = policy, ["subject"] = "T-100", ["template"] = "p1-page", ["model"] = new JsonObject { ["ticket"] = "T-100" } };
        if (ackTimeout is not null)
        {
            inputs["ackTimeout"] = ackTimeout;
        }

        return await harness.StartAsync("Orchestrator.Escalate", inputs, Escalate.Acknowledged, Escalate.Exhausted);
    }

    private static async Task MinutesAsync(ActivityHarness harness, int minutes)
    {
        for (var i = 0; i < minutes; i++)
        {
            await harness.AdvanceAsync(TimeSpan.FromMinutes(1));
        }
    }

    private static List<(int Minute, string Target)> Pages(ActivityHarness harness) =>
        [.. harness.Notifier.Sent.Select(s => ((int)(s.At - Start).TotalMinutes, s.Target))];

    [Fact]
    public async Task Escalate_ThreeLevelsRepeatedOnce_PagesEachLevelAtItsMinuteThenIsExhausted()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var instance = await EscalateAsync(harness, ThreeLevels(repeat: 1));

        await MinutesAsync(harness, 70);

        Pages(harness).ShouldBe([
            (0, "person:alice"), (5, "person:bob"), (15, "person:carol"),
            (30, "person:alice"), (35, "person:bob"), (45, "person:carol")]);
        harness.Notifier.Sent.ShouldAllBe(s => s.Request.Urgent && s.Request.Template == "p1-page");
        harness.Notifier.Sent.Select(s => s.Request.Key).Distinct().Count().ShouldBe(6);
        harness.Outcomes.ShouldBe([Escalate.Exhausted]);
        (await harness.InstanceAsync(instance)).SubStatus.ShouldBe(WorkflowSubStatus.Finished);
        harness.Notes.ShouldContain(n => n.Contains("exhausted") && n.Contains("6 page(s)"));
        harness.Journal.Single(j => j.Event == JournalEvent.Completed && j.ActivityId == "subject").Timestamp.ShouldBe(Start.AddMinutes(60));
    }

    [Fact]
    public async Task Escalate_Exhausted_RaisesAnOpenIncidentNamingThePolicyAndStillTakesExhausted()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var instance = await EscalateAsync(harness, ThreeLevels(repeat: 1));

        await MinutesAsync(harness, 59);
        (await harness.InstanceAsync(instance)).Incidents.ShouldBeEmpty("the last level still has time to acknowledge");
        await MinutesAsync(harness, 1);

        harness.Outcomes.ShouldBe([Escalate.Exhausted]);
        var current = await harness.InstanceAsync(instance);
        current.SubStatus.ShouldBe(WorkflowSubStatus.Finished, "an exhausted escalation is no fault: the run goes on");
        var incident = current.Incidents.ShouldHaveSingleItem();
        incident.IsFault.ShouldBeFalse();
        incident.Resolved.ShouldBeFalse();
        incident.ActivityId.ShouldBe("subject");
        incident.ActivityType.ShouldBe("Orchestrator.Escalate");
        incident.Timestamp.ShouldBe(Start.AddMinutes(60));
        incident.Message.ShouldBe("escalation 'T-100' exhausted: policy 'inline/test-Orchestrator.Escalate/subject' paged all 3 level(s) 2 time(s) (6 page(s)) without acknowledgement");
    }

    [Fact]
    public async Task Escalate_StoredPolicyExhausted_IncidentNamesThePolicyId()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var store = new EscalationPolicyStore(harness.Documents);
        await store.PutAsync(new EscalationPolicy { Id = "p1-l1", Levels = [new() { Targets = ["person:alice"], DelayMinutes = 5 }, new() { Targets = ["person:bob"], DelayMinutes = 5 }] }, null, TestContext.Current.CancellationToken);
        var instance = await harness.StartAsync("Orchestrator.Escalate", new JsonObject { ["policyId"] = "p1-l1", ["subject"] = "T-7" }, Escalate.Acknowledged, Escalate.Exhausted);

        await MinutesAsync(harness, 10);

        harness.Outcomes.ShouldBe([Escalate.Exhausted]);
        (await harness.InstanceAsync(instance)).Incidents.ShouldHaveSingleItem().Message.ShouldBe("escalation 'T-7' exhausted: policy 'p1-l1' paged all 2 level(s) 1 time(s) (2 page(s)) without acknowledgement");
    }

    [Fact]
    public async Task Escalate_Acknowledged_RaisesNoIncident()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var instance = await EscalateAsync(harness, ThreeLevels(repeat: 0));
        await MinutesAsync(harness, 20);

        await harness.AcknowledgeAsync("T-100", "carol");
        await MinutesAsync(harness, 60);

        harness.Outcomes.ShouldBe([Escalate.Acknowledged]);
        (await harness.InstanceAsync(instance)).Incidents.ShouldBeEmpty();
    }

    [Fact]
    public async Task Escalate_EachPage_IsJournaledWithWhoLevelAndChannel()
    {
        await using var harness = await HarnessWithPeopleAsync();
        await EscalateAsync(harness, ThreeLevels());

        await MinutesAsync(harness, 5);

        harness.Notes.ShouldContain(n => n.Contains("level 1") && n.Contains("paged alice") && n.Contains("sms +6590000000"));
        harness.Notes.ShouldContain(n => n.Contains("level 2") && n.Contains("paged bob") && n.Contains("email bob@example.com"));
    }

    [Fact]
    public async Task Escalate_AcknowledgedAtLevelTwo_StopsPagingAndCompletesAcknowledged()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var instance = await EscalateAsync(harness, ThreeLevels());
        await MinutesAsync(harness, 7);

        (await harness.AcknowledgeAsync("T-100", "bob")).ShouldBe(1);
        await MinutesAsync(harness, 120);

        Pages(harness).ShouldBe([(0, "person:alice"), (5, "person:bob")]);
        harness.Outcomes.ShouldBe([Escalate.Acknowledged]);
        var result = await harness.ResultAsync(instance);
        result["by"]!.GetValue<string>().ShouldBe("bob");
        result["level"]!.GetValue<int>().ShouldBe(2);
        DateTimeOffset.Parse(result["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(Start.AddMinutes(7));
    }

    [Fact]
    public async Task Escalate_SmsNotDelivered_PagesTheNextLevelAtOnce()
    {
        await using var harness = await HarnessWithPeopleAsync();
        await EscalateAsync(harness, ThreeLevels());
        await MinutesAsync(harness, 1);
        var alice = harness.Notifier.Sent.Single();

        (await harness.DeliverAsync(DeliveryStimulus.Name, alice.Sms, DeliveryStimulus.Input(alice.Sms, DeliveryStimulus.NotDelivered, "30003 unreachable"))).ShouldBe(1);

        Pages(harness).ShouldBe([(0, "person:alice"), (1, "person:bob")]);
        harness.Notes.ShouldContain(n => n.Contains("not delivered: 30003 unreachable"));

        // Bob's level gets its own full delay from the moment he was paged.
        await MinutesAsync(harness, 9);
        Pages(harness).Count.ShouldBe(2);
        await MinutesAsync(harness, 1);
        Pages(harness)[^1].ShouldBe((11, "person:carol"));
    }

    [Fact]
    public async Task Escalate_DeliveredPage_KeepsWaitingOutTheDelay()
    {
        await using var harness = await HarnessWithPeopleAsync();
        await EscalateAsync(harness, ThreeLevels());
        var alice = harness.Notifier.Sent.Single();

        await harness.DeliverAsync(DeliveryStimulus.Name, alice.Sms, DeliveryStimulus.Input(alice.Sms, DeliveryStimulus.Delivered));
        await MinutesAsync(harness, 4);

        Pages(harness).ShouldBe([(0, "person:alice")]);
        await MinutesAsync(harness, 1);
        Pages(harness)[^1].ShouldBe((5, "person:bob"));
    }

    [Fact]
    public async Task Escalate_RoundRobinLevel_PagesTheNextPersonEachRunAndRemembersInADocument()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var policy = new JsonObject
        {
            ["id"] = "l1-rr",
            ["levels"] = new JsonArray { new JsonObject { ["targets"] = new JsonArray("person:alice", "person:bob", "person:carol"), ["delayMinutes"] = 10, ["mode"] = "round-robin" } },
        };
        await harness.Documents.PutAsync(EscalationPolicy.DocumentKind, "l1-rr", policy, cancellationToken: TestContext.Current.CancellationToken);

        var paged = new List<string>();
        foreach (var ticket in new[] { "T-1", "T-2", "T-3", "T-4" })
        {
            await harness.StartAsync("Orchestrator.Escalate", new JsonObject { ["policyId"] = "l1-rr", ["subject"] = ticket }, Escalate.Acknowledged, Escalate.Exhausted);
            paged.Add(harness.Notifier.Sent[^1].Target);
            await harness.AcknowledgeAsync(ticket, "someone");
        }

        paged.ShouldBe(["person:alice", "person:bob", "person:carol", "person:alice"]);
        var memory = await harness.Documents.GetAsync(RoundRobinCursor.DocumentKind, "l1-rr/level-1", TestContext.Current.CancellationToken);
        memory!.Body["last"]!.GetValue<string>().ShouldBe("person:alice");
    }

    [Fact]
    public async Task Escalate_RoundRobinPersonNotReached_PagesTheNextPersonOfTheSameLevelAtOnce()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var policy = new JsonObject
        {
            ["levels"] = new JsonArray
            {
                new JsonObject { ["targets"] = new JsonArray("person:alice", "person:bob"), ["delayMinutes"] = 10, ["mode"] = "round-robin" },
                new JsonObject { ["targets"] = new JsonArray("person:dave"), ["delayMinutes"] = 10 },
            },
        };
        await EscalateAsync(harness, policy);
        await MinutesAsync(harness, 2);

        var alice = harness.Notifier.Sent.Single();
        await harness.DeliverAsync(DeliveryStimulus.Name, alice.Sms, DeliveryStimulus.Input(alice.Sms, DeliveryStimulus.NotDelivered));
        Pages(harness).ShouldBe([(0, "person:alice"), (2, "person:bob")]);

        var bob = harness.Notifier.Sent[^1];
        await harness.DeliverAsync(DeliveryStimulus.Name, bob.Sms, DeliveryStimulus.Input(bob.Sms, DeliveryStimulus.NotDelivered));
        Pages(harness).ShouldBe([(0, "person:alice"), (2, "person:bob"), (2, "person:dave")]);
    }

    [Fact]
    public async Task Escalate_AcknowledgementTimesOut_RestartsFromLevelOneWithNewKeys()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var instance = await EscalateAsync(harness, ThreeLevels(repeat: 0), ackTimeout: "00:30:00");
        await MinutesAsync(harness, 2);
        await harness.AcknowledgeAsync("T-100", "alice");

        await MinutesAsync(harness, 29);
        Pages(harness).ShouldBe([(0, "person:alice")]);
        await MinutesAsync(harness, 1);

        Pages(harness).ShouldBe([(0, "person:alice"), (32, "person:alice")]);
        harness.Notifier.Sent[0].Request.Key.ShouldNotBe(harness.Notifier.Sent[1].Request.Key);
        harness.Notes.ShouldContain(n => n.Contains("timed out") && n.Contains("restarts at level 1"));

        await MinutesAsync(harness, 5);
        Pages(harness)[^1].ShouldBe((37, "person:bob"));
        await harness.AcknowledgeAsync("T-100", "bob");
        await harness.DeliverAsync(EscalationStimuli.Resolve, "T-100", EscalationStimuli.Input("bob"));

        harness.Outcomes.ShouldBe([Escalate.Acknowledged]);
        var result = await harness.ResultAsync(instance);
        result["by"]!.GetValue<string>().ShouldBe("bob");
    }

    [Fact]
    public async Task Escalate_StoredPolicyEditedMidRun_RunKeepsThePolicyItStartedWith()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var store = new EscalationPolicyStore(harness.Documents);
        await store.PutAsync(new EscalationPolicy { Id = "p1", Levels = [new() { Targets = ["person:alice"], DelayMinutes = 5 }, new() { Targets = ["person:bob"], DelayMinutes = 5 }] }, null, TestContext.Current.CancellationToken);
        await harness.StartAsync("Orchestrator.Escalate", new JsonObject { ["policyId"] = "p1", ["subject"] = "T-9" }, Escalate.Acknowledged, Escalate.Exhausted);

        await store.PutAsync(new EscalationPolicy { Id = "p1", Levels = [new() { Targets = ["person:dave"], DelayMinutes = 1 }, new() { Targets = ["person:dave"], DelayMinutes = 1 }] }, null, TestContext.Current.CancellationToken);
        await MinutesAsync(harness, 10);

        Pages(harness).ShouldBe([(0, "person:alice"), (5, "person:bob")]);
        harness.Outcomes.ShouldBe([Escalate.Exhausted]);
    }

    [Fact]
    public async Task Escalate_Page_CarriesASignedAcknowledgeLinkForThatPerson()
    {
        await using var harness = await HarnessWithPeopleAsync();
        await EscalateAsync(harness, ThreeLevels());

        var model = harness.Notifier.Sent.Single().Request.Model;
        model["ticket"]!.GetValue<string>().ShouldBe("T-100");
        model["level"]!.GetValue<int>().ShouldBe(1);
        var url = new Uri(model["acknowledgeUrl"]!.GetValue<string>());
        url.AbsolutePath.ShouldBe("/api/escalations/T-100/acknowledge");
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        query["by"].ShouldBe("alice");
        var links = (AcknowledgeLinks)harness.Services.GetService(typeof(AcknowledgeLinks))!;
        (await links.VerifyAsync("T-100", "alice", query["exp"]!, query["sig"]!, TestContext.Current.CancellationToken)).ShouldBe(LinkCheck.Valid);
        (await links.VerifyAsync("T-100", "bob", query["exp"]!, query["sig"]!, TestContext.Current.CancellationToken)).ShouldBe(LinkCheck.BadSignature);
    }

    [Fact]
    public async Task Escalate_InlinePolicyWithBadTarget_RaisesAnIncidentNamingTheField()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var policy = new JsonObject { ["levels"] = new JsonArray { new JsonObject { ["targets"] = new JsonArray("pager:alice"), ["delayMinutes"] = 5 } } };

        var instance = await EscalateAsync(harness, policy);

        var incident = (await harness.InstanceAsync(instance)).Incidents.ShouldHaveSingleItem();
        incident.ActivityId.ShouldBe("subject");
        incident.Message.ShouldContain("input 'policy': levels[0].targets[0]");
        incident.Message.ShouldContain("unknown kind 'pager'");
    }

    [Fact]
    public async Task Escalate_UnknownPolicyId_RaisesAnIncidentNamingPolicyId()
    {
        await using var harness = await HarnessWithPeopleAsync();

        var instance = await harness.StartAsync("Orchestrator.Escalate", new JsonObject { ["policyId"] = "nope" }, Escalate.Acknowledged, Escalate.Exhausted);

        (await harness.InstanceAsync(instance)).Incidents.ShouldHaveSingleItem().Message.ShouldContain("input 'policyId': escalation policy 'nope' does not exist");
    }

    [Fact]
    public async Task Escalate_TargetNamingNobody_SkipsToTheNextLevelAtOnce()
    {
        await using var harness = await HarnessWithPeopleAsync();
        var policy = new JsonObject
        {
            ["levels"] = new JsonArray
            {
                new JsonObject { ["targets"] = new JsonArray("person:ghost"), ["delayMinutes"] = 5 },
                new JsonObject { ["targets"] = new JsonArray("person:bob"), ["delayMinutes"] = 5 },
            },
        };

        await EscalateAsync(harness, policy);

        Pages(harness).ShouldBe([(0, "person:bob")]);
        harness.Notes.ShouldContain(n => n.Contains("person:ghost names nobody"));
    }
}
