using System.Text.Json.Nodes;
using Orchestrator.Api;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Http;

/// <summary>
/// <c>/workflows/{**path}</c>, any method, anonymous like a webhook: the request starts the workflows whose
/// <c>Elsa.HttpEndpoint</c> trigger matches its method and path, and resumes the instances waiting on such an endpoint.
/// The answer is what <c>Elsa.WriteHttpResponse</c> wrote in those bursts; otherwise 202 with the instance ids, 405
/// when the path is known only for other methods, and 404 when nothing matches.
/// </summary>
internal static class WorkflowsHttpEndpoint
{
    public const string Prefix = "/workflows";

    public static IEndpointRouteBuilder MapHttpWorkflows(this IEndpointRouteBuilder app)
    {
        app.Map(Prefix + "/{**path}", HandleAsync)
            .AllowAnonymous()
            .WithTags("HTTP workflows")
            .WithSummary("Delivers the request to the workflows with a matching Elsa.HttpEndpoint")
            .ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> HandleAsync(HttpContext http, string? path, HttpEndpointRoutes routes, WorkflowRuntime runtime, HttpResponseChannel channel)
    {
        var request = http.Request;
        var normalised = HttpEndpointKey.NormalisePath(path ?? string.Empty);
        var match = await routes.MatchAsync(request.Method, normalised, http.RequestAborted);
        if (match.Matches.Count == 0)
        {
            if (match.OtherMethods.Count > 0)
            {
                http.Response.Headers.Allow = string.Join(", ", match.OtherMethods);
                return TypedResults.Problem($"'{request.Method} /workflows/{normalised}' is not allowed; the endpoint accepts {string.Join(", ", match.OtherMethods)}", statusCode: StatusCodes.Status405MethodNotAllowed, title: "Method not allowed");
            }

            return ApiProblems.NotFound($"no workflow HTTP endpoint matches '/workflows/{normalised}'");
        }

        var body = await HttpRequestData.ReadBodyAsync(request, http.RequestAborted);
        if (body is null)
        {
            return TypedResults.Problem($"the request body is larger than {HttpRequestData.MaxBodyBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
        }

        var slot = new HttpResponseSlot();
        var instanceIds = new List<string>();
        channel.Current = slot;
        try
        {
            foreach (var (key, values) in match.Matches)
            {
                var data = HttpRequestData.Build(request, "/" + normalised, values, body);

                // Like events, a delivery is finished whole whether or not the caller still waits.
                foreach (var result in await runtime.DeliverAsync(HttpEndpointKey.StimulusName, key, null, data, CancellationToken.None))
                {
                    instanceIds.Add(result.Instance.Id);
                }
            }
        }
        finally
        {
            channel.Current = null;
        }

        if (slot.Response is { } response)
        {
            foreach (var (name, value) in response.Headers)
            {
                http.Response.Headers[name] = value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value?.ToJsonString();
            }

            http.Response.StatusCode = response.StatusCode;
            if (response.ContentType is not null)
            {
                http.Response.ContentType = response.ContentType;
            }

            if (response.Body.Length > 0)
            {
                await http.Response.Body.WriteAsync(response.Body, CancellationToken.None);
            }

            return TypedResults.Empty;
        }

        if (instanceIds.Count == 0)
        {
            return ApiProblems.NotFound($"no workflow is listening on '{request.Method} /workflows/{normalised}'");
        }

        return TypedResults.Json(new { workflowInstanceIds = instanceIds.Distinct(StringComparer.Ordinal).ToArray() }, statusCode: StatusCodes.Status202Accepted);
    }
}
