using Orchestrator.Engine.Activities;

namespace Orchestrator.Http;

/// <summary>
/// Sends an HTTP request. Behaves like <see cref="FlowSendHttpRequest"/>: Elsa's per-status child activities
/// (<c>expectedStatusCodes</c> with an activity each) are not supported; the status codes are ports instead.
/// </summary>
[DynamicOutcomes]
[Activity("Elsa.SendHttpRequest", Category = "HTTP", DisplayName = "HTTP request", Description = "Sends an HTTP request and leaves by the port of its status code.", Outcomes = ["Done", UnmatchedStatusCode, FailedToConnect, TimedOut])]
public sealed class SendHttpRequest : SendHttpRequestBase
{
}
