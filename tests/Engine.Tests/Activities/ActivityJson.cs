using System.Text.Json.Nodes;
using Orchestrator.Engine.Tests.Support;

namespace Orchestrator.Engine.Tests.Activities;

/// <summary>Elsa JSON for the activities the activity tests use most, on top of <see cref="Wf"/>.</summary>
internal static class ActivityJson
{
    public static JsonObject Decision(string id, bool condition) =>
        Wf.Activity(id, "Elsa.FlowDecision", ("condition", Wf.Literal(condition ? "true" : "false", "Boolean")));

    public static JsonObject DecisionOnVariable(string id, string variable) =>
        Wf.Activity(id, "Elsa.FlowDecision", ("condition", Wf.VariableExpression(variable, "Boolean")));

    public static JsonObject Delay(string id, string timeSpan = "01:00:00") =>
        Wf.Activity(id, "Elsa.Delay", ("timeSpan", Wf.Literal(timeSpan, "TimeSpan")));

    public static JsonObject Event(string id, string eventName) =>
        Wf.Activity(id, "Elsa.Event", ("eventName", Wf.Literal(eventName)));

    public static JsonObject Join(string id, string mode) =>
        Wf.Activity(id, "Elsa.FlowJoin", ("mode", Wf.Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core")));

    public static JsonObject WriteLiquid(string id, string template) =>
        Wf.Activity(id, "Elsa.WriteLine", ("text", Wf.Liquid(template)));

    public static JsonObject SetVariable(string id, string variable, JsonObject value) =>
        Wf.Activity(id, "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = variable, ["name"] = variable }), ("value", value));

    public static JsonObject Sequence(string id, params JsonObject[] activities) =>
        Wf.Activity(id, "Elsa.Sequence", ("activities", new JsonArray([.. activities])));

    /// <summary>A Liquid condition that renders <c>true</c> or <c>false</c> (no JavaScript needed).</summary>
    public static JsonObject LiquidCondition(string liquidTest) =>
        Wf.Liquid($"{{% if {liquidTest} %}}true{{% else %}}false{{% endif %}}", "Boolean");

    /// <summary>A flowchart whose <c>start</c> property names its start activity.</summary>
    public static JsonObject WithStart(this JsonObject flowchart, string activityId)
    {
        flowchart["start"] = activityId;
        return flowchart;
    }
}
