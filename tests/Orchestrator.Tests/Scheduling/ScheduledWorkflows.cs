using System.Globalization;

namespace Orchestrator.Tests.Scheduling;

/// <summary>Definitions that wait on timers or start on a schedule.</summary>
internal static class ScheduledWorkflows
{
    /// <summary>Waits <paramref name="timeSpan"/> and writes "fired".</summary>
    public static string Delay(string timeSpan) => $$"""
        {
          "definitionId": "delay", "name": "Delay", "version": 1,
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "wait", "type": "Elsa.Delay", "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "{{timeSpan}}" } } },
              { "id": "done", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "fired" } } }
            ],
            "connections": [ { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "done", "port": "In" } } ] }
        }
        """;

    /// <summary>Started by a scheduled start activity <c>start</c> (<c>Elsa.Cron</c>, <c>Elsa.Timer</c> or <c>Elsa.StartAt</c>); writes "report sent".</summary>
    public static string Report(string startType, string input, string value, int version = 1)
    {
        var typeName = startType == "Elsa.Timer" ? "TimeSpan" : "String";
        return $$"""
            {
              "definitionId": "report", "name": "Report", "version": {{version.ToString(CultureInfo.InvariantCulture)}},
              "root": { "id": "flow", "type": "Elsa.Flowchart",
                "activities": [
                  { "id": "start", "type": "{{startType}}", "customProperties": { "canStartWorkflow": true },
                    "{{input}}": { "typeName": "{{typeName}}", "expression": { "type": "Literal", "value": "{{value}}" } } },
                  { "id": "send", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "report sent" } } }
                ],
                "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "send", "port": "In" } } ] }
            }
            """;
    }

    public static string CronReport(string expression, int version = 1) => Report("Elsa.Cron", "cronExpression", expression, version);
}
