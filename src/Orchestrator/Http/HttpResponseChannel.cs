namespace Orchestrator.Http;

/// <summary>
/// Carries the response from <c>Elsa.WriteHttpResponse</c> to the request that delivered the stimulus: the endpoint
/// sets <see cref="Current"/> before delivering, and the bursts run inside the request's async flow, so the activity
/// sees the slot. Outside a request (a timer, an event) the slot is null.
/// </summary>
internal sealed class HttpResponseChannel
{
    private readonly AsyncLocal<HttpResponseSlot?> _current = new();

    public HttpResponseSlot? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }
}
