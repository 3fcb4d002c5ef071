using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Scheduling;
using Orchestrator.Tests.Api;
using Quartz;

namespace Orchestrator.Tests.Scheduling;

/// <summary>Publishing through the API schedules a definition's timed start at once; retracting unschedules it.</summary>
public sealed class ScheduledStartsApiTests
{
    [Fact]
    public async Task PublishThenRetract_CronStart_IsScheduledThenRemoved()
    {
        using var factory = new ApiFactory();
        using var client = factory.Client();
        var saved = await client.SaveAsync(CronStart(), publish: true);
        var scheduler = factory.Services.GetRequiredService<IScheduler>();
        var key = new TriggerKey($"{saved["definitionId"]!.GetValue<string>()}-v1:tick", WorkflowStartSchedule.Group);

        var trigger = await scheduler.GetTrigger(key, TestContext.Current.CancellationToken);
        var retract = await client.PostJsonAsync("/api/workflow-definitions/hourly/retract", null);
        var afterRetract = await scheduler.GetTrigger(key, TestContext.Current.CancellationToken);

        trigger.ShouldNotBeNull().NextFireTimeUtc.ShouldBe(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));
        retract.StatusCode.ShouldBe(HttpStatusCode.OK);
        afterRetract.ShouldBeNull();
    }

    private static JsonObject CronStart() => JsonNode.Parse("""
        {
          "definitionId": "hourly", "name": "Hourly",
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "tick", "type": "Elsa.Cron", "customProperties": { "canStartWorkflow": true },
                "cronExpression": { "typeName": "String", "expression": { "type": "Literal", "value": "0 0 * * * *" } } },
              { "id": "say", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "tick" } } }
            ],
            "connections": [ { "source": { "activity": "tick", "port": "Done" }, "target": { "activity": "say", "port": "In" } } ] }
        }
        """)!.AsObject();
}
