using System.Text.Json.Nodes;

namespace Orchestrator.Http;

/// <summary>Where <c>Elsa.WriteHttpResponse</c> leaves the answer for the request that is waiting on it; the first write wins.</summary>
internal sealed class HttpResponseSlot
{
    private readonly Lock _gate = new();

    public WrittenHttpResponse? Response { get; private set; }

    /// <summary>Records the response; false when another activity already wrote one.</summary>
    public bool TryWrite(WrittenHttpResponse response)
    {
        lock (_gate)
        {
            if (Response is not null)
            {
                return false;
            }

            Response = response;
            return true;
        }
    }
}

/// <summary>A response as <c>Elsa.WriteHttpResponse</c> decided it: status, body bytes, content type and extra headers.</summary>
internal sealed record WrittenHttpResponse(int StatusCode, byte[] Body, string? ContentType, JsonObject Headers);
