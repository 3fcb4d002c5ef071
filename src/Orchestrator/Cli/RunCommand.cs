using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Activities.Escalation;
using Orchestrator.Activities.Notifications;
using Orchestrator.Activities.Sla;
using Orchestrator.Engine.Activities.Primitives;
using Orchestrator.Engine.Definitions;
using Orchestrator.Engine.Execution;
using Orchestrator.Engine.Runtime;
using Orchestrator.Engine.Values;
using Orchestrator.Http;

namespace Orchestrator.Cli;

/// <summary>
/// <c>run FILE</c>: runs a definition in memory. Only the text of <c>Elsa.WriteLine</c> goes to stdout;
/// the final <c>status: ...</c> line and any incidents go to stderr. Exit codes: 0 Finished, 1 could not load,
/// 2 Faulted, 3 Suspended, 4 Cancelled.
/// </summary>
internal static class RunCommand
{
    private const int MaxResumeRounds = 10_000;

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The definition to run" };
        var also = new Option<string[]>("--also") { Description = "Definitions to register first (children, workflows used as activities)", AllowMultipleArgumentsPerToken = false };
        var input = new Option<string?>("--input") { Description = "Workflow input as a JSON object" };
        var resume = new Option<bool>("--resume-bookmarks") { Description = "While the run is not finished, resume every bookmark (timers fire at once in virtual time)" };
        var mode = new Option<string>("--flowchart-mode") { Description = "counter or token (default token)", DefaultValueFactory = _ => "token" };
        var command = new Command("run", "Run a workflow definition in memory") { file, also, input, resume, mode };
        command.SetAction((parse, cancellationToken) => ExecuteAsync(
            new RunOptions(parse.GetValue(file)!, parse.GetValue(also) ?? [], parse.GetValue(input), parse.GetValue(resume), parse.GetValue(mode) ?? "token"),
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> ExecuteAsync(RunOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        FlowchartMode flowchartMode;
        switch (options.FlowchartMode.ToUpperInvariant())
        {
            case "TOKEN" or "TOKEN-BASED":
                flowchartMode = FlowchartMode.Token;
                break;
            case "COUNTER" or "COUNTER-BASED":
                flowchartMode = FlowchartMode.Counter;
                break;
            default:
                await stderr.WriteLineAsync($"--flowchart-mode: expected 'counter' or 'token', not '{options.FlowchartMode}'");
                return 1;
        }

        Dictionary<string, object?> input;
        try
        {
            input = ParseInput(options.Input);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            await stderr.WriteLineAsync($"--input: {ex.Message}");
            return 1;
        }

        var clock = new VirtualClock(TimeProvider.System.GetUtcNow());
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new StandardOutput(stdout));
        services.AddEngine(o => o.FlowchartMode = flowchartMode).AddActivitiesFrom(typeof(Activities.ActivitiesAssembly).Assembly).AddActivitiesFrom(typeof(CommandLine).Assembly);
        services.AddHttpActivities();

        // The domain activities' services, in memory: messages a run sends stay in its outbox; calendars are the shipped ones.
        services.AddNotifications(new ConfigurationBuilder().Build());
        services.AddSla();
        services.AddEscalation();
        await using var provider = services.BuildServiceProvider();
        var runtime = provider.GetRequiredService<WorkflowRuntime>();

        WorkflowDefinition main;
        try
        {
            foreach (var path in options.Also)
            {
                await runtime.ImportAsync(WorkflowDefinitionReader.ReadFile(path), publish: true, cancellationToken);
            }

            main = await runtime.ImportAsync(WorkflowDefinitionReader.ReadFile(options.File), publish: true, cancellationToken);
        }
        catch (DefinitionException ex)
        {
            await stderr.WriteLineAsync(ex.Message);
            return 1;
        }

        var compiled = runtime.Compile(main);
        foreach (var problem in compiled.Problems)
        {
            await stderr.WriteLineAsync($"{options.File}: {problem}");
        }

        var result = await runtime.StartAsync(main, new StartWorkflowRequest { Input = input }, cancellationToken);
        var instance = result.Instance;
        if (options.ResumeBookmarks)
        {
            instance = await ResumeUntilDoneAsync(runtime, clock, instance, input, cancellationToken);
        }

        await stdout.FlushAsync(cancellationToken);
        foreach (var incident in instance.Incidents)
        {
            await stderr.WriteLineAsync($"incident: {incident.ActivityId} ({incident.ActivityType}): {incident.Message}");
        }

        var status = StatusOf(instance);
        await stderr.WriteLineAsync($"status: {status}");
        return status switch
        {
            "Finished" => 0,
            "Faulted" => 2,
            "Suspended" => 3,
            _ => 4,
        };
    }

    /// <summary>Like Elsa's test harness: while the run is not finished and has bookmarks, resume every bookmark with the same input.</summary>
    private static async Task<WorkflowInstance> ResumeUntilDoneAsync(WorkflowRuntime runtime, VirtualClock clock, WorkflowInstance instance, Dictionary<string, object?> input, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxResumeRounds; round++)
        {
            var pending = (await runtime.Instances.ListAsync(cancellationToken))
                .Where(i => !i.IsFinished)
                .SelectMany(i => i.Bookmarks.Select(b => (Instance: i, Bookmark: b)))
                .ToList();
            if (instance.IsFinished || pending.Count == 0)
            {
                break;
            }

            foreach (var (owner, bookmark) in pending)
            {
                if (bookmark.DueAt is { } due)
                {
                    clock.AdvanceTo(due);
                }

                await runtime.ResumeAsync(owner.Id, bookmark.Id, input, cancellationToken);
            }

            instance = await runtime.Instances.FindAsync(instance.Id, cancellationToken) ?? instance;
        }

        return instance;
    }

    private static string StatusOf(WorkflowInstance instance) => instance.SubStatus switch
    {
        WorkflowSubStatus.Finished => "Finished",
        WorkflowSubStatus.Faulted => "Faulted",
        WorkflowSubStatus.Cancelled => "Cancelled",
        _ => instance.IsFinished ? "Finished" : "Suspended",
    };

    private static Dictionary<string, object?> ParseInput(string? json)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }

        if (JsonNode.Parse(json) is not JsonObject obj)
        {
            throw new FormatException("expected a JSON object");
        }

        foreach (var (key, value) in obj)
        {
            result[key] = ValueModel.FromJsonNode(value?.DeepClone());
        }

        return result;
    }
}

internal sealed record RunOptions(string File, IReadOnlyList<string> Also, string? Input, bool ResumeBookmarks, string FlowchartMode);

/// <summary>A clock that only moves when told to, so timers in a CLI run fire at once in virtual time.</summary>
internal sealed class VirtualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void AdvanceTo(DateTimeOffset instant)
    {
        if (instant > _now)
        {
            _now = instant;
        }
    }
}
