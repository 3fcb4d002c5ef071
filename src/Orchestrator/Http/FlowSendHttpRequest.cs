using Orchestrator.Engine.Activities;

namespace Orchestrator.Http;

/// <summary>Sends an HTTP request and leaves by the port of its status code (flowchart form).</summary>
[DynamicOutcomes]
[Activity("Elsa.FlowSendHttpRequest", Category = "HTTP", DisplayName = "HTTP request (flow)", Description = "Sends an HTTP request and leaves by the port of its status code.", Outcomes = ["Done", UnmatchedStatusCode, FailedToConnect, TimedOut])]
public sealed class FlowSendHttpRequest : SendHttpRequestBase
{
}
