namespace Orchestrator.TimerSoak;

/// <summary>One <c>Elsa.Delay</c> whose time span comes from the input <c>delay</c> (hh:mm:ss.fffffff) through Liquid; the run finishes when it fires.</summary>
internal static class SoakWorkflow
{
    public const string Json = """
        {
          "definitionId": "soak-delay", "name": "Soak delay", "version": 1,
          "root": { "id": "flow", "type": "Elsa.Flowchart",
            "activities": [
              { "id": "wait", "type": "Elsa.Delay",
                "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Liquid", "value": "{{ Input.delay }}" } } }
            ],
            "connections": [] }
        }
        """;
}
