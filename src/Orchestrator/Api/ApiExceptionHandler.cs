using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orchestrator.Api.Definitions;
using Orchestrator.Definitions;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Runtime;

namespace Orchestrator.Api;

/// <summary>
/// Turns the exceptions that mean "your request" into problem details: unreadable bodies (naming the line and column
/// of malformed JSON) and unreadable definitions 400, unknown definitions and instances 404, state conflicts 409.
/// Anything else is left to the default 500 problem.
/// </summary>
internal sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => Problem(bad.StatusCode, "The request cannot be read", Describe(bad)),
            DefinitionException definition => Problem(StatusCodes.Status400BadRequest, "The workflow definition cannot be read", definition.Message),
            DefinitionProblemsException invalid => WithProblems(Problem(StatusCodes.Status400BadRequest, "The workflow definition has errors", invalid.Message), invalid),
            WorkflowNotFoundException missing => Problem(StatusCodes.Status404NotFound, "Not found", missing.Message),
            DefinitionConflictException conflict => Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static ProblemDetails WithProblems(ProblemDetails problem, DefinitionProblemsException invalid)
    {
        problem.Extensions["problems"] = invalid.Problems.Select(ProblemView.From).ToList();
        return problem;
    }

    private static string Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is not JsonException json || json.LineNumber is not { } line)
        {
            return bad.Message;
        }

        var message = json.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? string.Empty : $" ({json.Path})";
        return $"malformed JSON at line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}{path}: {(cut > 0 ? message[..cut] : message)}";
    }
}
